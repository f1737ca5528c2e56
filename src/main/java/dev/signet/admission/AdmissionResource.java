package dev.signet.admission;

import dev.signet.SignetException;
import dev.signet.events.AdmissionRequested;
import dev.signet.events.AdmissionSettings;
import dev.signet.events.InvalidAdmissionException;
import dev.signet.events.outbound.AdmissionVerdictData;
import dev.signet.http.BoundedBody;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The admission webhook adapter (admission.md): AdmissionReview v1 in, one {@code admission.requested} to the
 * verifier, the verdict back as an AdmissionReview. The uid is echoed whatever happens; a body that is not an
 * AdmissionReview gets 400; the adapter answers by the failure policy itself when the verifier does not, before the
 * API server's own timeout. Verdict events go to the sink unless the request is a dry run.
 */
@Path("/admission")
public class AdmissionResource {
    private static final Logger LOG = Logger.getLogger(AdmissionResource.class);
    static final int MAX_BODY = 16 * 1024 * 1024;

    private final VerifierClient verifier;
    private final VerdictSink sink;
    private final AdmissionSettings settings;

    public AdmissionResource(VerifierClient verifier, VerdictSink sink, AdmissionSettings settings) {
        this.verifier = verifier;
        this.sink = sink;
        this.settings = settings;
    }

    @POST
    @Path("/validate")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response validate(InputStream body) {
        return review(body, false);
    }

    @POST
    @Path("/mutate")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response mutate(InputStream body) {
        return review(body, true);
    }

    private Response review(InputStream stream, boolean mutate) {
        AdmissionRequested request;
        byte[] body = new byte[0];
        try {
            body = read(stream);
            request = AdmissionReviews.parseReview(body).forWebhook(mutate);
        } catch (InvalidAdmissionException e) {
            String uid = AdmissionReviews.uidOf(body);
            if (uid.isEmpty()) {
                return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON).entity(Map.of("message", e.getMessage())).build();
            }
            // an AdmissionReview we can answer, but whose request is malformed: the API server gets a verdict, by the failure policy
            return Response.ok(AdmissionReviews.response(uid, AdmissionVerdictData.undecided(uid, settings.failurePolicy(), e.getMessage(), false), mutate)).build();
        }
        String correlationId = UUID.randomUUID().toString();
        AdmissionVerdictData verdict;
        try {
            verdict = verifier.verify(request, correlationId, settings.timeout());
        } catch (SignetException e) {
            LOG.warnf("admission %s: %s; answering by failurePolicy %s", request.uid(), e.getMessage(), settings.failurePolicy());
            verdict = AdmissionVerdictData.undecided(request.uid(), settings.failurePolicy(), e.getMessage(), request.dryRun());
        }
        if (!verdict.allowed()) {
            LOG.infof("denied %s (%s): %s", request.subject(), request.uid(), verdict.message());
        }
        sink.publish(request, verdict, correlationId);
        return Response.ok(AdmissionReviews.response(request.uid(), verdict, mutate)).build();
    }

    /** At most {@link #MAX_BODY} bytes: the API server sends at most a few MiB (object and oldObject). */
    static byte[] read(InputStream stream) {
        try {
            return BoundedBody.read(stream, MAX_BODY);
        } catch (BoundedBody.TooLargeException e) {
            throw new InvalidAdmissionException("body", e.getMessage());
        } catch (IOException e) {
            throw new InvalidAdmissionException("body", "could not be read (" + e.getClass().getSimpleName() + ")");
        }
    }


}
