package dev.signet.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads an HTTP request body whole, refusing it as soon as it goes over a limit: the one body reader of the admission
 * webhook and the registry ingest endpoints. The buffer starts small and doubles: a Pod's AdmissionReview is a few
 * KiB, and {@code readNBytes} took 8 KiB chunks and a copy per request, a quarter of the adapter's garbage per review
 * under load (JFR allocation samples, bench/admission-http).
 */
public final class BoundedBody {
    private static final int INITIAL_BUFFER = 4 * 1024;

    private BoundedBody() {
    }

    /** The body was longer than the limit; no more than the limit and one buffer were read. */
    public static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(int limit) {
            super("larger than " + limit + " bytes");
        }
    }

    /**
     * Every byte of the stream, in whatever pieces the connection delivers them; a null stream is an empty body.
     *
     * @throws TooLargeException when the body has more than {@code limit} bytes
     * @throws IOException when the connection fails
     */
    public static byte[] read(InputStream stream, int limit) throws IOException {
        if (stream == null) {
            return new byte[0];
        }
        try (stream) {
            byte[] buffer = new byte[Math.min(INITIAL_BUFFER, limit + 1)];
            int length = 0;
            for (int read; (read = stream.read(buffer, length, buffer.length - length)) >= 0; ) {
                length += read;
                if (length == buffer.length) {
                    if (length > limit) {
                        throw new TooLargeException(limit);
                    }
                    buffer = Arrays.copyOf(buffer, (int) Math.min(buffer.length * 2L, limit + 1L));
                }
            }
            return Arrays.copyOf(buffer, length);
        }
    }
}
