package dev.signet.registry.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a body up to a limit. The limit is enforced on the bytes actually received, because a {@code Content-Length}
 * header is only what the server claims; a hostile or broken registry could send more.
 */
public final class BoundedBody {
    private static final int CHUNK = 16 * 1024;
    /** Declared lengths up to this are allocated up front (the callers' limits are lower); beyond it the buffer grows with what arrives. */
    private static final long PRESIZED_LIMIT = 8L * 1024 * 1024;

    private BoundedBody() {
    }

    /** All bytes of {@code body}, or {@link TooLargeException} as soon as more than {@code maxBytes} arrive. */
    public static byte[] read(InputStream body, long maxBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(maxBytes, CHUNK));
        byte[] chunk = new byte[CHUNK];
        long total = 0;
        int n;
        while ((n = body.read(chunk)) != -1) {
            total += n;
            if (total > maxBytes) {
                throw new TooLargeException(maxBytes);
            }
            out.write(chunk, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * As {@link #read(InputStream, long)}, for an answer: when it declares a length within the limit, the bytes are read
     * into one array of that size (no growing buffer, no copies; a registry's manifests and blobs nearly always declare
     * one). A body that ends early is returned short, as the other read would (the caller checks its digest); one that
     * goes on past its declared length is refused.
     */
    public static byte[] read(Response response, long maxBytes) throws IOException {
        long declared = response.contentLength().orElse(-1);
        if (declared < 0 || declared > maxBytes || declared > PRESIZED_LIMIT) {
            return read(response.body(), maxBytes);
        }
        InputStream body = response.body();
        byte[] bytes = new byte[(int) declared];
        int filled = 0;
        int n;
        while (filled < bytes.length && (n = body.read(bytes, filled, bytes.length - filled)) != -1) {
            filled += n;
        }
        if (filled < bytes.length) {
            return Arrays.copyOf(bytes, filled);
        }
        if (body.read() != -1) {
            throw new IOException("the body is longer than the " + declared + " bytes its Content-Length declared");
        }
        return bytes;
    }

    /** As {@link #read}, but returns the first {@code maxBytes} and stops quietly: for error bodies, read for display. */
    public static byte[] readPrefix(InputStream body, int maxBytes) throws IOException {
        return body.readNBytes(maxBytes);
    }

    /** The body was longer than the limit the caller set. */
    public static final class TooLargeException extends IOException {
        private final long limit;

        TooLargeException(long limit) {
            super("body is larger than the limit of " + limit + " bytes");
            this.limit = limit;
        }

        /** The limit that was exceeded. */
        public long limit() {
            return limit;
        }
    }
}
