package dev.signet.events.ingest;

import dev.signet.events.ImagePushedData;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/** A {@link PushSink} that records what it is handed; it can be told to fail, as a broken broker would. */
class RecordingPushSink implements PushSink {
    private final List<ImagePushedData> pushes = new CopyOnWriteArrayList<>();
    private final List<String> correlationIds = new CopyOnWriteArrayList<>();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    @Override
    public void accept(List<ImagePushedData> accepted, String correlationId) {
        RuntimeException toThrow = failure.get();
        if (toThrow != null) {
            throw toThrow;
        }
        pushes.addAll(accepted);
        correlationIds.add(correlationId);
    }

    /** Makes every later {@link #accept} throw {@code e}; null restores normal behaviour. */
    void failWith(RuntimeException e) {
        failure.set(e);
    }

    List<ImagePushedData> pushes() {
        return List.copyOf(pushes);
    }

    List<String> correlationIds() {
        return List.copyOf(correlationIds);
    }

    void clear() {
        pushes.clear();
        correlationIds.clear();
    }
}
