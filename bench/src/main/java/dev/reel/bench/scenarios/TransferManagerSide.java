package dev.reel.bench.scenarios;

import dev.reel.bench.measure.AbRunner;
import dev.reel.common.StorageLayout;
import dev.reel.common.s3.S3Clients;
import dev.reel.common.s3.S3Errors;
import dev.reel.common.s3.S3Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.transfer.s3.S3TransferManager;
import software.amazon.awssdk.transfer.s3.model.UploadFileRequest;

/**
 * The anchor of the upload scenarios: the AWS SDK's transfer manager uploading a file to the
 * platform's S3 server (see {@link TransferClient}). Also holds a plain client on the same server
 * to check and remove what either side stored, so rounds do not fill the disk.
 */
final class TransferManagerSide implements AutoCloseable {

  private final String bucket;
  private final S3AsyncClient s3;
  private final S3AsyncClient transferClient;
  private final S3TransferManager transferManager;
  private final TransferClient.RequestCounter counter = new TransferClient.RequestCounter();

  TransferManagerSide(S3Settings settings) {
    this.bucket = settings.bucket();
    this.s3 = S3Clients.async(settings);
    this.transferClient = TransferClient.create(settings, counter);
    this.transferManager = S3TransferManager.builder().s3Client(transferClient).build();
  }

  /**
   * One upload of {@code file} (of {@code warmupFile} in the warm-up round): figures
   * {@code mbps}, {@code seconds}, and the {@code parts} and {@code singlePuts} it sent.
   */
  AbRunner.Trial trial(Path file, Path warmupFile, String contentType) {
    return warmup -> {
      Path source = warmup ? warmupFile : file;
      long bytes = Files.size(source);
      String key = "bench/transfer-manager/" + UUID.randomUUID();
      long partsBefore = counter.parts.get();
      long singleBefore = counter.singlePuts.get();
      long begin = System.nanoTime();
      transferManager.uploadFile(UploadFileRequest.builder()
              .putObjectRequest(p -> p.bucket(bucket).key(key).contentType(contentType))
              .source(source)
              .build())
          .completionFuture().join();
      long end = System.nanoTime();
      long stored = storedSize(key);
      s3.deleteObject(d -> d.bucket(bucket).key(key)).join();
      if (stored != bytes) {
        throw new IllegalStateException("the transfer manager stored " + stored + " of "
            + bytes + " bytes");
      }
      Map<String, Double> figures = new LinkedHashMap<>();
      figures.put("mbps", bytes / ((end - begin) / 1e9) / 1e6);
      figures.put("seconds", (end - begin) / 1e9);
      figures.put("parts", (double) (counter.parts.get() - partsBefore));
      figures.put("singlePuts", (double) (counter.singlePuts.get() - singleBefore));
      return figures;
    };
  }

  /** The size of an object, -1 if there is none. */
  long storedSize(String key) {
    try {
      return s3.headObject(h -> h.bucket(bucket).key(key)).join().contentLength();
    } catch (CompletionException e) {
      if (S3Errors.isNotFound(e)) {
        return -1;
      }
      throw e;
    }
  }

  /** Checks that Reel stored all of an upload, then removes the asset's objects. */
  void checkAndRemove(String assetId, long bytes) {
    String original = StorageLayout.originalKey(assetId);
    long stored = storedSize(original);
    s3.deleteObject(d -> d.bucket(bucket).key(original)).join();
    s3.deleteObject(d -> d.bucket(bucket).key(StorageLayout.uploadRecordKey(assetId))).join();
    if (stored != bytes) {
      throw new IllegalStateException("Reel stored " + stored + " of " + bytes + " bytes");
    }
  }

  @Override
  public void close() {
    transferManager.close();
    transferClient.close();
    s3.close();
  }
}
