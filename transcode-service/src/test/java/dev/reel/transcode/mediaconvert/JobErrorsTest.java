package dev.reel.transcode.mediaconvert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.transcode.job.JobFailure;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.mediaconvert.model.BadRequestException;
import software.amazon.awssdk.services.mediaconvert.model.ForbiddenException;
import software.amazon.awssdk.services.mediaconvert.model.InternalServerErrorException;
import software.amazon.awssdk.services.mediaconvert.model.TooManyRequestsException;

class JobErrorsTest {

  private static void assertFailure(String reason, boolean retryable, JobFailure failure) {
    assertEquals(reason, failure.reasonCode(), failure.getMessage());
    assertEquals(retryable, failure.retryable(), failure.getMessage());
  }

  private static AwsErrorDetails details(String code, String message) {
    return AwsErrorDetails.builder().errorCode(code).errorMessage(message).build();
  }

  @Test
  @DisplayName("inputs MediaConvert cannot open or decode fail for good, with its code and text")
  void badInput() {
    JobFailure failure = JobErrors.ofJob("1515368087458-qnoxtd", 1010,
        "Unable to open input file [s3://reel/originals/a/source]");
    assertFailure(JobFailure.UNSUPPORTED_MEDIA, false, failure);
    assertEquals("MediaConvert job 1515368087458-qnoxtd failed with error 1010: Unable to open "
        + "input file [s3://reel/originals/a/source]", failure.getMessage());
    assertFailure(JobFailure.UNSUPPORTED_MEDIA, false, JobErrors.ofJob("j", 1401, "x"));
    assertFailure(JobFailure.CORRUPT_INPUT, false, JobErrors.ofJob("j", 1030, "x"));
    assertFailure(JobFailure.CORRUPT_INPUT, false, JobErrors.ofJob("j", 1040, "x"));
  }

  @Test
  @DisplayName("other 1xxx errors are settings this input cannot take: ENCODE_FAILED, not retried")
  void settingsForThisInput() {
    assertFailure(JobFailure.ENCODE_FAILED, false, JobErrors.ofJob("j", 1056, "x"));
  }

  @Test
  @DisplayName("MediaConvert's unknown error, output write errors and no code at all are retried")
  void passingTrouble() {
    assertFailure(JobFailure.BACKEND_ERROR, true, JobErrors.ofJob("j", 1999, "Unknown error"));
    assertFailure(JobFailure.STORAGE_UNAVAILABLE, true, JobErrors.ofJob("j", 3450, "x"));
    assertFailure(JobFailure.BACKEND_ERROR, true, JobErrors.ofJob("j", null, null));
  }

  @Test
  @DisplayName("throttling, 5xx and network trouble are retryable BACKEND_ERRORs")
  void callsThatMayPass() {
    assertFailure(JobFailure.BACKEND_ERROR, true, JobErrors.ofCall("GetJob",
        new CompletionException(TooManyRequestsException.builder().statusCode(429)
            .awsErrorDetails(details("TooManyRequestsException", "Too Many Requests"))
            .build())));
    assertFailure(JobFailure.BACKEND_ERROR, true, JobErrors.ofCall("CreateJob",
        InternalServerErrorException.builder().statusCode(500).build()));
    assertFailure(JobFailure.BACKEND_ERROR, true, JobErrors.ofCall("GetJob",
        SdkClientException.create("connection refused")));
    JobFailure forbidden = JobErrors.ofCall("CreateJob", ForbiddenException.builder()
        .statusCode(403).awsErrorDetails(details("ForbiddenException", "not allowed")).build());
    assertFailure(JobFailure.BACKEND_ERROR, true, forbidden);
    assertTrue(forbidden.getMessage().contains("iam:PassRole"), forbidden.getMessage());
  }

  @Test
  @DisplayName("a rejected Probe is an unsupported file; a rejected CreateJob is not retried")
  void rejected() {
    BadRequestException bad = BadRequestException.builder().statusCode(400)
        .awsErrorDetails(details("BadRequestException", "/outputGroups/0: bad")).build();
    assertFailure(JobFailure.UNSUPPORTED_MEDIA, false, JobErrors.ofCall("Probe", bad));
    JobFailure create = JobErrors.ofCall("CreateJob", bad);
    assertFailure(JobFailure.BACKEND_ERROR, false, create);
    assertEquals("MediaConvert CreateJob answered 400 BadRequestException: /outputGroups/0: bad",
        create.getMessage());
  }
}
