package dev.signet.events.ingest;

import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

/** {@link RecordingPushSink} as a CDI alternative, enabled only by {@link IngestTestProfile}. */
@Alternative
@Singleton
public class RecordingPushSinkBean extends RecordingPushSink {
}
