package dev.signet.events.ingest;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.Set;

/**
 * The app with both ingest secrets set and the test doubles in place of the real sink and resolver; a profile of
 * its own, so the doubles never leak into other {@code @QuarkusTest}s.
 */
public class IngestTestProfile implements QuarkusTestProfile {
    static final String SHARED_SECRET = "ingest-s3cret";
    static final String GITHUB_SECRET = "gh-s3cret";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "signet.ingest.shared-secret", SHARED_SECRET,
                "signet.ingest.github-secret", GITHUB_SECRET,
                "signet.ingest.max-body", "64K");
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(RecordingPushSinkBean.class, ScriptedTagResolverBean.class);
    }
}
