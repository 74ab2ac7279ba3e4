package dev.reel.platform.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.io.TempDirFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Starts the real Kafka broker and S3 server as child JVMs (from the jars the reactor built
 * before this module) and talks to them with the plain clients the services use.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class EmbeddedInfrastructureTest {

    private static final String HOST = "127.0.0.1";
    private static final String ACCESS_KEY = "reel-test";
    private static final String SECRET_KEY = "reel-test-secret";
    private static final String TOPIC = "reel.test.embedded";
    private static final String BUCKET = "media";
    private static final String KEY = "assets/a1/source.bin";
    private static final String PAYLOAD = "0123456789abcdef";

    /**
     * A fresh directory per test under {@code target/}, kept when the test fails (for the child
     * logs). Fresh rather than fixed so that two builds of this checkout cannot collide.
     */
    @TempDir(factory = UnderTarget.class, cleanup = CleanupMode.ON_SUCCESS)
    Path root;

    /** Everything started, stopped after each test even when an assertion failed half-way. */
    private final List<CompletableFuture<? extends AutoCloseable>> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (CompletableFuture<? extends AutoCloseable> future : started) {
            try {
                future.join().close();
            } catch (CompletionException e) {
                // It never started: the test has reported that already.
            }
        }
    }

    @Test
    void kafkaAndS3WorkAndKeepTheirData() throws Exception {
        int kafkaPort = FreePort.find();
        int controllerPort = FreePort.find();
        Path kafkaData = root.resolve("kafka");
        Path kafkaLog = root.resolve("logs/kafka.log");
        Path s3Data = root.resolve("s3");
        Path s3Log = root.resolve("logs/s3.log");

        // Both JVMs start side by side: that halves the wait on a 2-core machine too.
        CompletableFuture<EmbeddedS3> s3Starting = startAsync(
                () -> EmbeddedS3.start(s3Data, HOST, FreePort.find(), ACCESS_KEY, SECRET_KEY, s3Log));
        EmbeddedKafka kafka = startAsync(
                () -> EmbeddedKafka.start(kafkaData, HOST, kafkaPort, controllerPort, kafkaLog)).join();
        EmbeddedS3 s3 = s3Starting.join();
        assertEquals(HOST + ":" + kafkaPort, kafka.bootstrapServers());

        createTopic(kafka.bootstrapServers());
        RecordMetadata sent = produce(kafka.bootstrapServers(), "asset-1", "uploaded");
        assertEquals(0, sent.offset());
        assertEquals("uploaded", consumeOne(kafka.bootstrapServers(), "group-before-restart"));

        try (S3Client client = s3Client(s3.endpoint())) {
            client.createBucket(b -> b.bucket(BUCKET));
            client.putObject(b -> b.bucket(BUCKET).key(KEY), RequestBody.fromString(PAYLOAD, StandardCharsets.UTF_8));
            assertRangeReadable(client);
        }

        // Restart both on the same data dirs. Kafka keeps its ports; S3 gets another one, as
        // nothing in its data depends on the port.
        // A child of this JVM's own shares its session (a Ctrl-C in a terminal reaches both).
        assertNotEquals(kafka.pid(), ProcStat.session(kafka.pid()));
        kafka.stop();
        s3.stop();
        // As ./reel up starts them: stopped by their owner, in sessions of their own.
        s3Starting = startAsync(() -> EmbeddedS3.start(s3Data, HOST, FreePort.find(), ACCESS_KEY, SECRET_KEY, s3Log,
                true));
        kafka = startAsync(() -> EmbeddedKafka.start(kafkaData, HOST, kafkaPort, controllerPort, kafkaLog,
                true)).join();
        s3 = s3Starting.join();
        assertEquals(kafka.pid(), ProcStat.session(kafka.pid()), "setsid(1) exec'd the broker: it leads its session");
        assertEquals(s3.pid(), ProcStat.session(s3.pid()));

        // The topic, the record and the committed offset survived.
        try (Admin admin = admin(kafka.bootstrapServers())) {
            assertTrue(admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(TOPIC));
            Map<TopicPartition, OffsetAndMetadata> committed = admin
                    .listConsumerGroupOffsets("group-before-restart")
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            assertEquals(1, committed.get(new TopicPartition(TOPIC, 0)).offset());
        }
        assertEquals("uploaded", consumeOne(kafka.bootstrapServers(), "group-after-restart"));
        // The log is appended to across runs; each run must have announced itself once.
        assertEquals(2, Files.readString(kafkaLog).lines().filter(l -> l.startsWith("REEL-READY kafka")).count());

        try (S3Client client = s3Client(s3.endpoint())) {
            assertRangeReadable(client);
        }
    }

    @Test
    void failsWithTheChildsLogWhenItCannotStart() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            Path log = root.resolve("logs/kafka-port-taken.log");
            ChildProcessException e = assertThrows(ChildProcessException.class, () -> started.add(
                    CompletableFuture.completedFuture(EmbeddedKafka.start(
                            root.resolve("kafka-port-taken"), HOST, taken.getLocalPort(), FreePort.find(), log))));
            assertTrue(e.getMessage().contains("exited with code"), e.getMessage());
            assertTrue(e.getMessage().contains("Address already in use"), e.getMessage());
        }
    }

    private static void assertRangeReadable(S3Client client) {
        ResponseBytes<GetObjectResponse> range = client.getObjectAsBytes(
                b -> b.bucket(BUCKET).key(KEY).range("bytes=2-5"));
        assertEquals("2345", range.asUtf8String());
        assertEquals("bytes 2-5/" + PAYLOAD.length(), range.response().contentRange());
        // With the SDK's chunked uploads S3Proxy would store and serve "aws-chunked" here.
        assertNull(range.response().contentEncoding());
    }

    private <T extends AutoCloseable> CompletableFuture<T> startAsync(Supplier<T> start) {
        // A thread of its own: the common pool has a single thread on a 2-core machine.
        CompletableFuture<T> future = CompletableFuture.supplyAsync(start, task -> new Thread(task, "start").start());
        started.add(future);
        return future;
    }

    private void createTopic(String bootstrap) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private RecordMetadata produce(String bootstrap, String key, String value) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            return producer.send(new ProducerRecord<>(TOPIC, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    /** Subscribes with a consumer group (exercises the offsets topic) and commits what it read. */
    private String consumeOne(String bootstrap, String groupId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(Set.of(TOPIC));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    consumer.commitSync();
                    return record.value();
                }
            }
            throw new AssertionError("No record from " + TOPIC + " within 30 s");
        }
    }

    private static S3Client s3Client(String endpoint) {
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                // S3Proxy serves buckets as paths, and fails requests carrying the SDK's default
                // checksums (400 on PUT, 501 on GET).
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                // Over plain http the sync client otherwise sends aws-chunked bodies, and S3Proxy
                // keeps "Content-Encoding: aws-chunked" as the object's metadata.
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .build();
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    static final class UnderTarget implements TempDirFactory {
        @Override
        public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context) throws IOException {
            Path base = Files.createDirectories(Path.of("target", "embedded-infrastructure-test").toAbsolutePath());
            return Files.createTempDirectory(base, context.getRequiredTestMethod().getName() + "-");
        }
    }
}
