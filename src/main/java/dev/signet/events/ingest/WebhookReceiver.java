package dev.signet.events.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.SignetException;
import dev.signet.events.ImagePushedData;
import dev.signet.http.BoundedBody;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The ingest pipeline behind every {@code /ingest/<registry>} endpoint: authenticate, read a bounded body, parse,
 * drop duplicates, hand the pushes to the {@link PushSink} and answer 202 at once, so the registry's own queue
 * never waits on signing (events.md, "Ingest endpoints").
 *
 * <p>Every failure is an answer, never an exception: 400 for a body that cannot be parsed (with the reason), 401
 * without any hint of the secret, 413 for an oversize body, 415 for a foreign envelope type, 503 when a tag could
 * not be resolved for a transient reason (the registry redelivers), 502 when the registry refused the lookup.
 */
public final class WebhookReceiver {
    private static final Logger LOG = Logger.getLogger(WebhookReceiver.class);
    private static final String AUTHENTICATE = "authenticate ingest request";
    private static final String RETRY_AFTER_SECONDS = "30";

    private final PushSink sink;
    private final IngestOptions options;
    private final Optional<SharedSecret> sharedSecret;
    private final PushDeduplicator deduplicator;
    private final Map<UpstreamKind, NotificationParser> parsers = new EnumMap<>(UpstreamKind.class);

    /** {@code mapper} is the app's Jackson mapper; it reads the registries' bodies into the inbound records. */
    public WebhookReceiver(PushSink sink, TagResolver resolver, IngestOptions options, Clock clock, ObjectMapper mapper) {
        this.sink = sink;
        this.options = options;
        this.sharedSecret = options.sharedSecret().map(SharedSecret::new);
        this.deduplicator = new PushDeduplicator(options.dedupeWindow(), options.dedupeCapacity(), clock);
        parsers.put(UpstreamKind.DISTRIBUTION, new DistributionParser(mapper));
        parsers.put(UpstreamKind.HARBOR, new HarborParser(mapper));
        parsers.put(UpstreamKind.QUAY, new QuayParser(mapper, resolver));
        parsers.put(UpstreamKind.GITHUB, new GitHubParser(mapper));
        parsers.put(UpstreamKind.DOCKERHUB, new DockerHubParser(mapper, resolver));
    }

    /** Handles one webhook request; {@code headers} are the request's, first value each. */
    public IngestReply receive(UpstreamKind kind, Map<String, String> headers, InputStream body) {
        WebhookDelivery head = new WebhookDelivery(new byte[0], headers);
        boolean signedByGitHub = kind == UpstreamKind.GITHUB && options.githubSecret().isPresent();
        if (!signedByGitHub && sharedSecret.isPresent() && !sharedSecret.get().admits(head.header("Authorization").orElse(null))) {
            LOG.warnf("ingest %s: refused a request without the shared secret", kind.id());
            return IngestReply.rejected(401, SignetException.format(AUTHENTICATE, null, "missing or wrong Authorization header", null),
                    Map.of("WWW-Authenticate", "Bearer realm=\"signet-ingest\""));
        }
        if (!signedByGitHub && sharedSecret.isEmpty() && options.requireAuthentication()) {
            // fail closed: nobody can be authenticated, so nobody's push is signed (issue 16, item 10)
            LOG.warnf("ingest %s: refused a request: senders must authenticate (signet.ingest.require-authentication), and %s",
                    kind.id(), kind == UpstreamKind.GITHUB ? "neither signet.ingest.shared-secret nor signet.ingest.github-secret is set"
                            : "signet.ingest.shared-secret is not set");
            return IngestReply.rejected(401, SignetException.format(AUTHENTICATE, null, "this endpoint accepts authenticated senders only",
                    "the Signet log names the missing setting"), Map.of("WWW-Authenticate", "Bearer realm=\"signet-ingest\""));
        }
        Optional<IngestReply> unsupported = checkMediaType(kind, head);
        if (unsupported.isPresent()) {
            return unsupported.get();
        }
        WebhookDelivery delivery;
        try {
            delivery = new WebhookDelivery(read(kind, head, body), headers);
        } catch (InvalidNotificationException e) {
            return reject(kind, e instanceof PayloadTooLargeException ? 413 : 400, e.getMessage());
        }
        if (signedByGitHub && !GitHubSignature.verify(options.githubSecret().get(), delivery.body(),
                delivery.header(GitHubSignature.HEADER).orElse(null))) {
            LOG.warnf("ingest %s: refused a delivery with a missing or wrong signature", kind.id());
            return IngestReply.rejected(401, SignetException.format("authenticate github webhook", null,
                    "missing or wrong " + GitHubSignature.HEADER, null));
        }
        return handOver(kind, delivery);
    }

    private IngestReply handOver(UpstreamKind kind, WebhookDelivery delivery) {
        List<ImagePushedData> pushes;
        try {
            pushes = parsers.get(kind).parse(delivery);
        } catch (InvalidNotificationException e) {
            return reject(kind, 400, e.getMessage());
        } catch (SignetException e) {
            // only the tag resolver throws other Signet failures: the registry could not tell us the digest
            LOG.warnf("ingest %s: %s", kind.id(), e.getMessage());
            return e.isTransient()
                    ? IngestReply.rejected(503, e.getMessage(), Map.of("Retry-After", RETRY_AFTER_SECONDS))
                    : IngestReply.rejected(502, e.getMessage());
        } catch (RuntimeException e) {
            // a shape no parser rule anticipated is still the sender's body we cannot read, not our outage
            LOG.warnf(e, "ingest %s: unexpected failure while parsing", kind.id());
            return reject(kind, 400, SignetException.format("parse " + kind.id() + " webhook", null,
                    "unreadable body (" + e.getClass().getSimpleName() + ")", null));
        }
        PushDeduplicator.Admission admission = deduplicator.admit(pushes);
        if (!admission.fresh().isEmpty()) {
            String correlationId = UUID.randomUUID().toString();
            try {
                sink.accept(admission.fresh(), correlationId);
            } catch (RuntimeException e) {
                deduplicator.forget(admission.fresh());
                return sinkFailure(kind, e);
            }
            LOG.infof("ingest %s: accepted %d push(es), dropped %d duplicate(s), correlation id %s",
                    kind.id(), admission.fresh().size(), admission.duplicates(), correlationId);
        } else {
            LOG.debugf("ingest %s: nothing to sign (%d duplicate(s))", kind.id(), admission.duplicates());
        }
        return IngestReply.accepted(admission.fresh().size(), admission.duplicates());
    }

    private Optional<IngestReply> checkMediaType(UpstreamKind kind, WebhookDelivery head) {
        if (kind != UpstreamKind.DISTRIBUTION) {
            return Optional.empty();
        }
        Optional<String> mediaType = head.mediaType();
        if (mediaType.isEmpty() || DistributionParser.CONTENT_TYPES.contains(mediaType.get())) {
            return Optional.empty();
        }
        return Optional.of(reject(kind, 415, SignetException.format("parse distribution notification", null,
                "content type " + InvalidNotificationException.quote(mediaType.get()) + " is not a notification envelope",
                "expected " + DistributionParser.CONTENT_TYPES.get(1))));
    }

    /** The body, refused unread when its declared length is over the limit and cut off as soon as it goes over. */
    private byte[] read(UpstreamKind kind, WebhookDelivery head, InputStream body) {
        String action = "read " + kind.id() + " webhook";
        int limit = options.maxBodyBytes();
        Optional<String> declared = head.header("Content-Length");
        if (declared.isPresent() && declared.get().strip().matches("\\d{1,19}") && Long.parseLong(declared.get().strip()) > limit) {
            throw new PayloadTooLargeException(action, limit);
        }
        // Quarkus REST's request stream waits for data that never comes when a body is declared empty (until the read
        // timeout, holding a worker thread): nothing to read, so do not ask it
        if (body == null || declared.filter(length -> length.strip().matches("0+")).isPresent()) {
            return new byte[0];
        }
        try {
            return BoundedBody.read(body, limit);
        } catch (BoundedBody.TooLargeException e) {
            throw new PayloadTooLargeException(action, limit);
        } catch (IOException e) {
            throw new InvalidNotificationException(action, null, "the body could not be read: " + e.getClass().getSimpleName());
        }
    }

    private IngestReply sinkFailure(UpstreamKind kind, RuntimeException e) {
        if (e instanceof SignetException signet && signet.isTransient()) {
            LOG.warnf("ingest %s: %s", kind.id(), signet.getMessage());
            return IngestReply.rejected(503, signet.getMessage(), Map.of("Retry-After", RETRY_AFTER_SECONDS));
        }
        LOG.errorf(e, "ingest %s: the pushes could not be handed over", kind.id());
        return IngestReply.rejected(500, SignetException.format("hand over pushes from " + kind.id(), null,
                "internal error; see the Signet log", null));
    }

    private static IngestReply reject(UpstreamKind kind, int status, String message) {
        LOG.infof("ingest %s: answered %d: %s", kind.id(), status, message);
        return IngestReply.rejected(status, message);
    }
}
