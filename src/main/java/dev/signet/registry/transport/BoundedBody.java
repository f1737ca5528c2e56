package dev.signet.registry.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a body up to a limit. The limit is enforced on the bytes actually received, because a {@code Content-Length}
 * header is only what the server claims; a hostile or broken registry could send more.
 */
public final class BoundedBody {
    private static final int CHUNK = 16 * 1024;

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
