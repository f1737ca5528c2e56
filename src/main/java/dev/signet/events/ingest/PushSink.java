package dev.signet.events.ingest;

import dev.signet.events.ImagePushedData;
import java.util.List;

/**
 * Where the ingest endpoints hand accepted pushes: in-process to the signer (the embedded default) or as
 * {@code dev.signet.image.pushed.v1} CloudEvents to the Knative sink ({@code K_SINK}). Must return quickly: the
 * endpoint answers 202 once this returns, and the work happens after.
 */
public interface PushSink {

    /**
     * Accepts pushes for signing.
     *
     * @param correlationId carried into every event the pushes cause
     */
    void accept(List<ImagePushedData> pushes, String correlationId);
}
