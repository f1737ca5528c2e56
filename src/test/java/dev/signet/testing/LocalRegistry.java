package dev.signet.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.signet.reference.Digest;
import dev.signet.reference.Registry;
import dev.signet.reference.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

/**
 * The real CNCF distribution registry ({@code /usr/bin/docker-registry}, Debian's docker-registry 2.8) on a free
 * loopback port, with its storage in a temporary directory that is deleted on {@link #close()}.
 *
 * <p>Variants: anonymous ({@link #anonymous()}), htpasswd Basic auth ({@link Builder#basicAuth}), token auth against
 * a {@link TokenServer} ({@link Builder#tokenAuth}), each optionally behind TLS with a {@link TestCertificate}
 * ({@link Builder#tls}). Locally a missing binary skips the test; with {@code CI=true} it fails it, so CI cannot go
 * green by skipping everything.
 */
public final class LocalRegistry implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/docker-registry");
    private static final Duration STARTUP = Duration.ofSeconds(20);

    private volatile Process process;
    private final Path directory;
    private final int port;
    private final TestCertificate tls;

    private LocalRegistry(Process process, Path directory, int port, TestCertificate tls) {
        this.process = process;
        this.directory = directory;
        this.port = port;
        this.tls = tls;
    }

    /** An anonymous registry over plain HTTP. */
    public static LocalRegistry anonymous() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Skips the calling test when the binary is missing, or fails it on CI. */
    public static void assumeAvailable() {
        if (Files.isExecutable(BINARY)) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail(BINARY + " is missing; CI must install the docker-registry package");
        }
        assumeTrue(false, BINARY + " is missing; install the docker-registry package to run registry tests");
    }

    /** The registry, {@code 127.0.0.1:<port>}: a loopback registry, so clients may use plain HTTP. */
    public Registry registry() {
        return Registry.parse("127.0.0.1:" + port);
    }

    /** A repository on this registry; give each test its own path (see {@link #uniqueRepository}). */
    public Repository repository(String path) {
        return Repository.of(registry(), path);
    }

    /** A repository no other test uses, so tests can share one registry and run in parallel. */
    public Repository uniqueRepository(String prefix) {
        return repository(prefix + "/" + UUID.randomUUID().toString().substring(0, 12));
    }

    public int port() {
        return port;
    }

    /** {@code http(s)://127.0.0.1:<port>/v2/}. */
    public URI apiRoot() {
        return URI.create((tls == null ? "http" : "https") + "://127.0.0.1:" + port + "/v2/");
    }

    /**
     * Where the registry's filesystem storage keeps a blob's bytes (manifests are blobs too). Overwriting the file makes
     * the real registry serve bytes that no longer hash to the digest it names them by, as a corrupted disk would.
     */
    public Path blobFile(Digest digest) {
        String hex = digest.hex();
        return directory.resolve("data/docker/registry/v2/blobs").resolve(digest.algorithm().identifier())
                .resolve(hex.substring(0, 2)).resolve(hex).resolve("data");
    }

    /**
     * Stops the registry process and keeps its storage and port, as a crash or an upgrade would; {@link #restart()}
     * brings it back.
     */
    public void stop() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the registry again on the same port, with the same storage and configuration, and waits until it answers. */
    public void restart() {
        if (process.isAlive()) {
            throw new IllegalStateException("the registry is running; stop() it first");
        }
        Path log = directory.resolve("registry.log");
        try {
            process = launch(directory.resolve("config.yml"), log);
            awaitReady(this, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restart " + BINARY + " on port " + port, e);
        }
    }

    /** Stops the registry and whatever it started, then deletes its storage. */
    @Override
    public void close() {
        stop();
        deleteRecursively(directory);
    }

    private static Process launch(Path config, Path log) throws IOException {
        return new ProcessBuilder(BINARY.toString(), "serve", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    /** Chooses the auth and TLS variant, then {@link #start()}s. */
    public static final class Builder {
        private String htpasswdLine;
        private TokenServer tokenServer;
        private TestCertificate tls;
        private URI notifications;
        private boolean inMemory;

        private Builder() {
        }

        /**
         * Keeps blobs and manifests in the registry's memory (distribution's {@code inmemory} driver) instead of files:
         * for benchmarks that measure a client, not the registry's storage. {@link LocalRegistry#blobFile} names no file then.
         */
        public Builder inMemoryStorage() {
            this.inMemory = true;
            return this;
        }

        /**
         * Sends the registry's push/pull notifications (distribution's {@code notifications.endpoints}) to
         * {@code endpoint}, e.g. Signet's {@code /ingest/distribution}; retried by the registry every 100 ms.
         */
        public Builder notifications(URI endpoint) {
            this.notifications = endpoint;
            return this;
        }

        /** htpasswd Basic auth with one user (bcrypt, as distribution requires). */
        public Builder basicAuth(String user, String password) {
            this.htpasswdLine = Htpasswd.line(user, password);
            return this;
        }

        /** Token auth: the registry sends clients to {@code server} and trusts its signing certificate. */
        public Builder tokenAuth(TokenServer server) {
            this.tokenServer = server;
            return this;
        }

        /** Serves HTTPS with {@code certificate} (valid for 127.0.0.1). */
        public Builder tls(TestCertificate certificate) {
            this.tls = certificate;
            return this;
        }

        /** Starts the registry and waits until {@code /v2/} answers. */
        public LocalRegistry start() {
            assumeAvailable();
            IOException last = null;
            // a free port can be taken between our probe and the registry's bind; try a few
            for (int attempt = 0; attempt < 3; attempt++) {
                try {
                    return startOnce();
                } catch (IOException e) {
                    last = e;
                }
            }
            throw new UncheckedIOException("cannot start " + BINARY, last);
        }

        private LocalRegistry startOnce() throws IOException {
            Path directory = Files.createTempDirectory("signet-registry-");
            int port = freePort();
            Path config = Files.writeString(directory.resolve("config.yml"), config(directory, port));
            Path log = directory.resolve("registry.log");
            Process process = launch(config, log);
            LocalRegistry registry = new LocalRegistry(process, directory, port, tls);
            try {
                awaitReady(registry, log);
                return registry;
            } catch (IOException | RuntimeException e) {
                registry.close();
                throw e;
            }
        }

        private String config(Path directory, int port) throws IOException {
            StringBuilder yaml = new StringBuilder()
                    .append("version: 0.1\n")
                    .append("log:\n  level: error\n  accesslog:\n    disabled: true\n")
                    // the blob descriptor cache as Debian's /etc/docker/registry/config.yml (and the upstream image) enable it
                    .append("storage:\n  cache:\n    blobdescriptor: inmemory\n")
                    .append(inMemory ? "  inmemory: {}\n" : "  filesystem:\n    rootdirectory: " + directory.resolve("data") + "\n")
                    .append("  delete:\n    enabled: true\n")
                    .append("  maintenance:\n    uploadpurging:\n      enabled: false\n")
                    .append("http:\n  addr: 127.0.0.1:").append(port).append('\n')
                    .append("  secret: ").append(UUID.randomUUID()).append('\n');
            if (tls != null) {
                yaml.append("  tls:\n")
                        .append("    certificate: ").append(tls.writeCertificate(directory.resolve("tls.crt"))).append('\n')
                        .append("    key: ").append(tls.writePrivateKey(directory.resolve("tls.key"))).append('\n');
            }
            if (htpasswdLine != null) {
                Path htpasswd = Files.writeString(directory.resolve("htpasswd"), htpasswdLine + "\n");
                yaml.append("auth:\n  htpasswd:\n    realm: signet-test\n    path: ").append(htpasswd).append('\n');
            } else if (tokenServer != null) {
                yaml.append("auth:\n  token:\n")
                        .append("    realm: ").append(tokenServer.realm()).append('\n')
                        .append("    service: ").append(TokenServer.SERVICE).append('\n')
                        .append("    issuer: ").append(TokenServer.ISSUER).append('\n')
                        .append("    rootcertbundle: ").append(tokenServer.writeRootCertBundle(directory.resolve("token-root.pem"))).append('\n');
            }
            if (notifications != null) {
                yaml.append("notifications:\n  endpoints:\n    - name: signet\n")
                        .append("      url: ").append(notifications).append('\n')
                        .append("      timeout: 2s\n      threshold: 5\n      backoff: 100ms\n")
                        // blobs and pulls are never signed: not sending them keeps the registry's serial notifier free
                        .append("      ignore:\n        mediatypes:\n          - application/octet-stream\n        actions:\n          - pull\n");
            }
            return yaml.toString();
        }
    }

    private static void awaitReady(LocalRegistry registry, Path log) throws IOException {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1));
        if (registry.tls != null) {
            SSLContext context = registry.tls.trustingContext();
            builder.sslContext(context);
        }
        HttpClient client = builder.build();
        HttpRequest ping = HttpRequest.newBuilder(registry.apiRoot()).timeout(Duration.ofSeconds(1)).GET().build();
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!registry.process.isAlive()) {
                throw new IOException("the registry exited with " + registry.process.exitValue() + ": " + tail(log));
            }
            try {
                int status = client.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200 || status == 401) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the registry", e);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the registry", e);
            }
        }
        throw new IllegalStateException("the registry did not answer within " + STARTUP + ": " + tail(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is not worth failing a test over
        }
    }
}
