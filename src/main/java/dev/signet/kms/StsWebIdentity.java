package dev.signet.kms;

import dev.signet.Reason;
import dev.signet.SignetException;
import dev.signet.keys.KeyException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

/**
 * IRSA (IAM roles for service accounts): the pod's projected token ({@code AWS_WEB_IDENTITY_TOKEN_FILE}, re-read on
 * each exchange because the kubelet rotates it) exchanged for temporary credentials of {@code AWS_ROLE_ARN} with STS
 * {@code AssumeRoleWithWebIdentity} (AWS STS API Reference: an unsigned Query-protocol POST; the answer is XML),
 * as the SDK's web identity provider does. The credentials are reused until five minutes before they expire; neither
 * they nor the token are ever printed.
 */
public final class StsWebIdentity implements AwsCredentialSource {
    private static final Duration EARLY = Duration.ofMinutes(5);
    private final KmsHttp http;
    private final URI endpoint;
    private final String roleArn;
    private final Path tokenFile;
    private final String sessionName;
    private final Clock clock;
    private AwsCredentials current;
    private Instant expiry = Instant.MIN;

    /**
     * @param endpoint STS: {@code AWS_ENDPOINT_URL_STS}, else {@code https://sts.REGION.amazonaws.com}, else the global
     *     {@code https://sts.amazonaws.com}
     * @param sessionName {@code AWS_ROLE_SESSION_NAME}, else a name of Signet's
     */
    public StsWebIdentity(KmsHttp http, URI endpoint, String roleArn, Path tokenFile, String sessionName, Clock clock) {
        this.http = Objects.requireNonNull(http, "http");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.roleArn = Objects.requireNonNull(roleArn, "roleArn");
        this.tokenFile = Objects.requireNonNull(tokenFile, "tokenFile");
        this.sessionName = Objects.requireNonNull(sessionName, "sessionName");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized AwsCredentials credentials(String subject) {
        Instant now = clock.instant();
        if (current != null && now.isBefore(expiry)) {
            return current;
        }
        String action = "assume role " + roleArn + " for";
        String token;
        try {
            token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new KeyException(Reason.KEY_NOT_FOUND, action, subject, "cannot read the web identity token " + tokenFile + ": " + e.getMessage(),
                    "check AWS_WEB_IDENTITY_TOKEN_FILE and the service account's projected token", e);
        }
        String form = "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=" + encode(roleArn) + "&RoleSessionName=" + encode(sessionName)
                + "&WebIdentityToken=" + encode(token);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint.toString().replaceAll("/+$", "") + "/"))
                .POST(HttpRequest.BodyPublishers.ofString(form)).header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
        KmsHttp.Answer answer = http.send(request, action, subject);
        Document xml = parse(answer, action, subject);
        if (answer.status() != 200) {
            // <ErrorResponse><Error><Code>AccessDenied</Code><Message>...</Message></Error></ErrorResponse>
            throw new KeyException(Reason.KEY_NOT_FOUND, action, subject, "STS answered " + answer.status() + " " + text(xml, "Code") + ": "
                    + SignetException.quote(text(xml, "Message")), "check the role's trust policy names this service account", null);
        }
        String accessKeyId = text(xml, "AccessKeyId");
        String secret = text(xml, "SecretAccessKey");
        String session = text(xml, "SessionToken");
        if (accessKeyId.isEmpty() || secret.isEmpty() || session.isEmpty()) {
            throw new KeyException(Reason.KEY_NOT_FOUND, action, subject, "STS's answer has no credentials");
        }
        Instant expires;
        try {
            expires = Instant.parse(text(xml, "Expiration"));
        } catch (DateTimeParseException e) {
            expires = now.plus(Duration.ofMinutes(15));
        }
        current = new AwsCredentials(accessKeyId, secret, Optional.of(session));
        expiry = expires.minus(EARLY);
        return current;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** The answer as XML, read without DTDs or external entities. */
    private static Document parse(KmsHttp.Answer answer, String action, String subject) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(answer.body()));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new KeyException(Reason.KEY_NOT_FOUND, action, subject, "STS answered " + answer.status() + " with no XML: " + answer.excerpt());
        }
    }

    private static String text(Document xml, String element) {
        var nodes = xml.getElementsByTagNameNS("*", element);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().strip();
    }
}
