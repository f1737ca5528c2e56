package dev.signet.events.outbound;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The data of {@code dev.signet.image.verified.v1} and {@code image.verification.failed.v1}: the image, the result
 * per policy rule (with the digest verified) and a message naming what failed.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ImageVerificationData(String image, boolean verified, List<AdmissionVerdictData.ImageResult> results, List<String> warnings, String message) {
}
