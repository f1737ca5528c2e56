package dev.signet.registry.transport;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A body that must be read to its end within a time limit, or it is closed under the reader. The JDK's request
 * timeout ends when the headers arrive; without this, a registry that drips its body a few bytes at a time, or sends
 * headers and then nothing, holds the reading thread (and, in admission, the single verification that every later
 * request for the image waits on) for as long as it likes. Closing the JDK's body stream wakes a blocked read.
 */
final class BodyDeadline extends FilterInputStream {
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private final Duration limit;
    private final ScheduledFuture<?> alarm;
    private volatile boolean expired;

    BodyDeadline(InputStream body, Duration limit) {
        super(body);
        this.limit = limit;
        this.alarm = TIMER.schedule(this::expire, limit.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Runs {@code action} on the shared timer's thread in {@code nanos}, unless cancelled first; it must not block. */
    static ScheduledFuture<?> schedule(Runnable action, long nanos) {
        return TIMER.schedule(action, nanos, TimeUnit.NANOSECONDS);
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "signet-registry-body-deadline");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true); // most bodies end long before their deadline
        return timer;
    }

    private void expire() {
        expired = true;
        if (in instanceof Abortable body) {
            body.abort();
            return;
        }
        try {
            in.close();
        } catch (IOException e) {
            // the reader sees the expiry either way
        }
    }

    @Override
    public int read() throws IOException {
        try {
            return ended(super.read());
        } catch (IOException e) {
            throw expired ? timedOut(e) : e;
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            return ended(super.read(buffer, offset, length));
        } catch (IOException e) {
            throw expired ? timedOut(e) : e;
        }
    }

    /** The end of a body closed by the alarm is not the end of the registry's answer. */
    private int ended(int read) throws IOException {
        if (read == -1) {
            if (expired) {
                throw timedOut(null);
            }
            alarm.cancel(false);
        }
        return read;
    }

    private HttpTimeoutException timedOut(IOException cause) {
        HttpTimeoutException timeout = new HttpTimeoutException("the registry's answer did not arrive in full within " + limit.toMillis() + " ms");
        if (cause != null) {
            timeout.initCause(cause);
        }
        return timeout;
    }

    @Override
    public void close() throws IOException {
        alarm.cancel(false);
        super.close();
    }

    /** A body whose connection can be dropped from another thread without reading or draining anything. */
    interface Abortable {
        /** Closes the connection under a blocked reader; the body then ends in an error. */
        void abort();
    }
}
