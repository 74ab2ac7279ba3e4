package dev.reel.common.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.reel.common.AssetId;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Keeps the published event contract (the JSON Schemas under {@code schemas/} and
 * {@code asyncapi.yaml}) and the payload records in step. Everything is derived from
 * {@link Topic#values()} and the records by reflection, so a new topic, record or component is
 * covered without touching this test: it fails until the schema and the AsyncAPI document
 * describe it.
 */
@DisplayName("Event contract: JSON Schemas and AsyncAPI match the payload records")
class EventSchemaDriftTest {

  private static final String SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema";
  private static final String SCHEMA_ID_BASE = "https://reel.dev/schemas/";
  private static final String ASYNCAPI = "/asyncapi.yaml";
  private static final Set<String> DLQ_HEADERS = Set.of("reel.dlq.reason", "reel.dlq.topic",
      "reel.dlq.partition", "reel.dlq.offset", "reel.dlq.group", "reel.dlq.attempts");
  private static final Set<String> CE_BINARY_HEADERS = Set.of("ce_specversion", "ce_id",
      "ce_source", "ce_type", "ce_subject", "ce_time", "content-type");

  /** Reads schema files as they are, without the payload codec's leniency. */
  private static final ObjectMapper FILES = new ObjectMapper();
  private static final JsonSchemaFactory SCHEMAS =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  /** In 2020-12 {@code format} only annotates by default; the contract promises real dates. */
  private static final SchemaValidatorsConfig ASSERT_FORMATS =
      SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

  /** Sample strings for components whose schema constrains the value. */
  private static final Map<String, String> CONSTRAINED_STRINGS = Map.of(
      "assetId", AssetId.generate(),
      "sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");

  // ---------------------------------------------------------------------------------------
  // (a) one schema per topic, and a well-formed one

  @ParameterizedTest(name = "{0}")
  @EnumSource(Topic.class)
  @DisplayName("(a) every topic has a schema file schemas/<topic>.schema.json")
  void schemaFileExists(Topic topic) {
    assertNotNull(EventSchemaDriftTest.class.getResource(schemaResource(topic)),
        "missing " + schemaResource(topic) + " for " + topic.payloadType().getSimpleName());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Topic.class)
  @DisplayName("the schema is a valid draft 2020-12 schema with the canonical $id, a title and"
      + " a description")
  void schemaIsWellFormed(Topic topic) {
    JsonNode schema = schemaOf(topic);
    assertEquals(SCHEMA_DIALECT, schema.path("$schema").asText(), "$schema of " + topic);
    assertEquals(SCHEMA_ID_BASE + topic.topicName() + ".schema.json",
        schema.path("$id").asText(), "$id of " + topic);
    assertFalse(schema.path("title").asText().isBlank(), "title of " + topic);
    assertFalse(schema.path("description").asText().isBlank(), "description of " + topic);

    JsonSchema metaSchema = SCHEMAS.getSchema(SchemaLocation.of(SCHEMA_DIALECT));
    assertNoErrors(metaSchema.validate(schema), topic + " schema against the 2020-12 meta-schema");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Topic.class)
  @DisplayName("every property, also in nested records, has a description for consumer authors")
  void everyPropertyIsDescribed(Topic topic) {
    List<String> undocumented = new ArrayList<>();
    for (RecordSchema rs : recordSchemas(topic)) {
      rs.schema().path("properties").fields().forEachRemaining(p -> {
        if (p.getValue().path("description").asText().isBlank()) {
          undocumented.add(rs.path() + "." + p.getKey());
        }
      });
    }
    assertTrue(undocumented.isEmpty(), topic + ": properties without description: "
        + undocumented);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Topic.class)
  @DisplayName("record schemas allow additional properties, so consumers must tolerate new"
      + " fields")
  void schemasAllowAdditionalProperties(Topic topic) {
    for (RecordSchema rs : recordSchemas(topic)) {
      JsonNode additional = rs.schema().get("additionalProperties");
      assertTrue(additional != null && additional.isBoolean() && additional.booleanValue(),
          rs.path() + " (" + rs.type().getSimpleName() + ") must say additionalProperties: true");
    }
  }

  // ---------------------------------------------------------------------------------------
  // (b) (c) (d) structure

  @ParameterizedTest(name = "{0}")
  @EnumSource(Topic.class)
  @DisplayName("(b) schema property names equal the record component names, both ways,"
      + " including nested records")
  void propertyNamesMatchComponents(Topic topic) {
    for (RecordSchema rs : recordSchemas(topic)) {
      Set<String> components = componentNames(rs.type());
      Set<String> properties = fieldNames(rs.schema().path("properties"));
      assertEquals(components, properties, () -> rs.path() + " (" + rs.type().getSimpleName()
          + "): components missing from the schema " + minus(components, properties)
          + ", schema properties with no component " + minus(properties, components));
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Topic.class)
  @DisplayName("(c) schema 'required' lists exactly the components not annotated @Nullable")
  void requiredMatchesNonNullableComponents(Topic topic) {
    for (RecordSchema rs : recordSchemas(topic)) {
      Set<String> expected = Arrays.stream(rs.type().getRecordComponents())
          .filter(c -> !isNullable(c))
          .map(RecordComponent::getName)
          .collect(Collectors.toCollection(TreeSet::new));
      List<String> requiredList = new ArrayList<>();
      rs.schema().path("required").forEach(n -> requiredList.add(n.asText()));
      Set<String> required = new TreeSet<>(requiredList);
      assertEquals(requiredList.size(), required.size(),
          rs.path() + ": duplicate names in required " + requiredList);
      assertEquals(expected, required, () -> rs.path() + " (" + rs.type().getSimpleName()
          + "): required but @Nullable or unknown " + minus(required, expected)
          + ", not @Nullable but not required " + minus(expected, required));
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Topic.class)
  @DisplayName("(d) each component's Java type maps to its schema type, recursively through"
      + " nested records, lists and maps")
  void componentTypesMatchSchemaTypes(Topic topic) {
    List<String> problems = new ArrayList<>();
    for (RecordSchema rs : recordSchemas(topic)) {
      JsonNode root = schemaOf(topic);
      for (RecordComponent c : rs.type().getRecordComponents()) {
        JsonNode property = rs.schema().path("properties").get(c.getName());
        if (property != null) {
          checkType(c.getGenericType(), property, isNullable(c), root,
              rs.path() + "." + c.getName(), problems);
        }
      }
    }
    assertTrue(problems.isEmpty(), topic + " type drift:\n  " + String.join("\n  ", problems));
  }

  // ---------------------------------------------------------------------------------------
  // (e) real payloads validate

  @ParameterizedTest(name = "{0}")
  @EnumSource(Topic.class)
  @DisplayName("(e) a fully populated record serialised by EventCodec validates against its"
      + " schema")
  void fullSampleValidates(Topic topic) {
    Record sample = sample(topic.payloadType(), false);
    assertNoErrors(validator(topic).validate(wire(sample)), topic + " full sample " + sample);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Topic.class)
  @DisplayName("(e) a record with every @Nullable component null validates against its schema")
  void nullSampleValidates(Topic topic) {
    Record sample = sample(topic.payloadType(), true);
    assertNoErrors(validator(topic).validate(wire(sample)), topic + " sample with nulls "
        + sample);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Topic.class)
  @DisplayName("the schema rejects a payload that lacks any one required property")
  void missingRequiredPropertyIsRejected(Topic topic) {
    JsonSchema validator = validator(topic);
    ObjectNode full = (ObjectNode) wire(sample(topic.payloadType(), false));
    for (RecordComponent c : topic.payloadType().getRecordComponents()) {
      if (isNullable(c)) {
        continue;
      }
      ObjectNode without = full.deepCopy();
      without.remove(c.getName());
      assertFalse(validator.validate(without).isEmpty(),
          topic + " accepted a payload without required " + c.getName());
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Topic.class)
  @DisplayName("the schema rejects a value of the wrong JSON type in any property")
  void wronglyTypedPropertyIsRejected(Topic topic) {
    JsonSchema validator = validator(topic);
    ObjectNode full = (ObjectNode) wire(sample(topic.payloadType(), false));
    for (Iterator<String> names = full.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      ObjectNode wrong = full.deepCopy();
      wrong.set(name, full.get(name).isTextual() ? BooleanNode.TRUE : TextNode.valueOf("x"));
      assertFalse(validator.validate(wrong).isEmpty(),
          topic + " accepted " + name + " = " + wrong.get(name));
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Topic.class)
  @DisplayName("the schema rejects an assetId that is not an asset id and accepts unknown"
      + " extra properties")
  void assetIdIsCheckedAndUnknownPropertiesAreTolerated(Topic topic) {
    assumeTrue(componentNames(topic.payloadType()).contains("assetId"));
    JsonSchema validator = validator(topic);
    ObjectNode full = (ObjectNode) wire(sample(topic.payloadType(), false));

    for (String bad : List.of("01JGQ3K5M8C2V7W9X4Y6Z0A1B3", "01jgq3k5m8c2v7w9x4y6z0a1bu",
        "01jgq3k5m8c2v7w9x4y6z0a1b", "../etc/passwd")) {
      ObjectNode badId = full.deepCopy().put("assetId", bad);
      assertFalse(validator.validate(badId).isEmpty(), topic + " accepted assetId " + bad);
    }

    ObjectNode extended = full.deepCopy();
    extended.put("fieldFromTheFuture", 42).putObject("anotherOne").put("nested", true);
    assertNoErrors(validator.validate(extended), topic + " with an unknown property");
  }

  // ---------------------------------------------------------------------------------------
  // CloudEvents envelope

  @ParameterizedTest(name = "{0}")
  @EnumSource(Topic.class)
  @DisplayName("a CloudEvent built by EventCodec.encode decodes to an equal record with the"
      + " topic as type and the asset id as subject")
  void encodeDecodeRoundTrip(Topic topic) {
    for (boolean nulls : List.of(false, true)) {
      Record payload = sample(topic.payloadType(), nulls);
      String assetId = CONSTRAINED_STRINGS.get("assetId");
      CloudEvent cloudEvent = EventCodec.encode(topic, "/reel/test", assetId, payload);

      Event<? extends Record> event = EventCodec.decode(cloudEvent, topic.payloadType());

      assertEquals(payload, event.data(), topic + " payload after round trip");
      assertEquals(topic.topicName(), event.type());
      assertEquals(assetId, event.subject());
      assertEquals(URI.create("/reel/test"), event.source());
      assertEquals(cloudEvent.getId(), event.id());
      assertNotNull(event.time());
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Topic.class)
  @DisplayName("through the Kafka binary-mode serializer the event carries the documented ce_*"
      + " headers, a schema-valid value, and decodes to an equal record")
  void kafkaBinaryModeRoundTrip(Topic topic) throws IOException {
    Record payload = sample(topic.payloadType(), false);
    String assetId = CONSTRAINED_STRINGS.get("assetId");
    CloudEvent cloudEvent = EventCodec.encode(topic, "/reel/ingest", assetId, payload);
    Headers headers = new RecordHeaders();

    byte[] value;
    try (CloudEventSerializer serializer = new CloudEventSerializer()) {
      value = serializer.serialize(topic.topicName(), headers, cloudEvent);
    }

    Map<String, String> byName = new LinkedHashMap<>();
    for (Header h : headers) {
      byName.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
    }
    assertEquals(CE_BINARY_HEADERS, byName.keySet(), "headers of a " + topic + " record");
    assertEquals("1.0", byName.get("ce_specversion"));
    assertEquals(cloudEvent.getId(), byName.get("ce_id"));
    assertEquals("/reel/ingest", byName.get("ce_source"));
    assertEquals(topic.topicName(), byName.get("ce_type"));
    assertEquals(assetId, byName.get("ce_subject"));
    assertEquals(EventCodec.DATA_CONTENT_TYPE, byName.get("content-type"));
    OffsetDateTime.parse(byName.get("ce_time"));
    assertNoErrors(validator(topic).validate(FILES.readTree(value)), topic + " record value");

    CloudEvent received;
    try (CloudEventDeserializer deserializer = new CloudEventDeserializer()) {
      received = deserializer.deserialize(topic.topicName(), headers, value);
    }
    assertEquals(payload, EventCodec.decode(received, topic.payloadType()).data());
  }

  // ---------------------------------------------------------------------------------------
  // (f) AsyncAPI

  @ParameterizedTest(name = "{0}")
  @EnumSource(Topic.class)
  @DisplayName("(f) AsyncAPI has one channel addressed by the topic name whose messages"
      + " reference the topic's schema and fix ce_type to the topic name")
  void asyncApiDescribesTopic(Topic topic) {
    Map<String, Object> doc = asyncApi();
    List<Map<String, Object>> channels = channelsAddressed(doc, topic.topicName());
    assertEquals(1, channels.size(), "channels with address " + topic.topicName());

    List<Map<String, Object>> messages = messagesOf(doc, channels.get(0));
    assertFalse(messages.isEmpty(), topic + " channel has no message");
    for (Map<String, Object> message : messages) {
      assertPayloadReferencesSchema(message, topic);
      Set<Object> ceTypes = new LinkedHashSet<>();
      collectConst(doc, message.get("headers"), "ce_type", ceTypes);
      assertEquals(Set.of(topic.topicName()), ceTypes, topic + " message's ce_type header");
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Topic.class)
  @DisplayName("(f) AsyncAPI has a <topic>.dlq channel carrying the topic's payload and the"
      + " reel.dlq.* headers")
  void asyncApiDescribesDeadLetterTopic(Topic topic) {
    Map<String, Object> doc = asyncApi();
    List<Map<String, Object>> channels = channelsAddressed(doc, topic.dlqName());
    assertEquals(1, channels.size(), "channels with address " + topic.dlqName());

    List<Map<String, Object>> messages = messagesOf(doc, channels.get(0));
    assertFalse(messages.isEmpty(), topic.dlqName() + " channel has no message");
    for (Map<String, Object> message : messages) {
      assertPayloadReferencesSchema(message, topic);
      Set<String> headerNames = new TreeSet<>();
      collectPropertyNames(doc, message.get("headers"), headerNames);
      assertTrue(headerNames.containsAll(DLQ_HEADERS), topic.dlqName() + " headers "
          + headerNames + " lack " + minus(DLQ_HEADERS, headerNames));
      assertTrue(headerNames.containsAll(CE_BINARY_HEADERS), topic.dlqName()
          + " must keep the original CloudEvents headers, has " + headerNames);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Topic.class)
  @DisplayName("(f) AsyncAPI names exactly one sending and at least one receiving operation"
      + " for each topic")
  void asyncApiHasProducerAndConsumers(Topic topic) {
    Map<String, Object> doc = asyncApi();
    List<Map<String, Object>> channels = channelsAddressed(doc, topic.topicName());
    assertEquals(1, channels.size(), "channels with address " + topic.topicName());
    Map<String, Object> channel = channels.get(0);
    int sends = 0;
    int receives = 0;
    for (Map.Entry<String, Object> op : map(doc.get("operations")).entrySet()) {
      Map<String, Object> operation = map(op.getValue());
      if (resolve(doc, operation.get("channel")) == channel) {
        Object action = operation.get("action");
        if ("send".equals(action)) {
          sends++;
        } else if ("receive".equals(action)) {
          receives++;
        } else {
          fail("operation " + op.getKey() + " has action " + action);
        }
      }
    }
    assertEquals(1, sends, "send operations on " + topic);
    assertTrue(receives >= 1, "no receive operation on " + topic);
  }

  @Test
  @DisplayName("(f) AsyncAPI has no channel for a topic that does not exist")
  void asyncApiHasNoUnknownChannel() {
    Set<String> known = new TreeSet<>();
    for (Topic t : Topic.values()) {
      known.add(t.topicName());
      known.add(t.dlqName());
    }
    Map<String, Object> doc = asyncApi();
    List<String> unknown = new ArrayList<>();
    map(doc.get("channels")).forEach((id, channel) -> {
      Object address = map(channel).get("address");
      if (!known.contains(String.valueOf(address))) {
        unknown.add(id + " -> " + address);
      }
    });
    assertTrue(unknown.isEmpty(), "channels for topics Topic does not define: " + unknown);
  }

  @Test
  @DisplayName("AsyncAPI: every operation points at a declared channel, and every message"
      + " example validates against its schema")
  void asyncApiReferencesResolveAndExamplesValidate() throws IOException {
    Map<String, Object> doc = asyncApi();
    assertEquals("3.0.0", doc.get("asyncapi"));
    Map<String, Object> server = map(map(doc.get("servers")).get("kafka"));
    assertEquals("kafka", server.get("protocol"));

    Collection<Object> channels = map(doc.get("channels")).values();
    map(doc.get("operations")).forEach((id, op) -> {
      Object channel = resolve(doc, map(op).get("channel"));
      assertTrue(channels.stream().anyMatch(c -> c == channel), id + " channel not declared");
      for (Object message : list(map(op).get("messages"))) {
        assertNotNull(resolve(doc, message), id + " message " + message);
      }
    });

    int examples = 0;
    for (Topic topic : Topic.values()) {
      for (Map<String, Object> channel : channelsAddressed(doc, topic.topicName())) {
        for (Map<String, Object> message : messagesOf(doc, channel)) {
          for (Object example : list(message.get("examples"))) {
            Object payload = map(example).get("payload");
            assertNoErrors(validator(topic).validate(FILES.valueToTree(payload)),
                topic + " AsyncAPI example");
            examples++;
          }
        }
      }
    }
    assertTrue(examples > 0, "the AsyncAPI document should show at least one example payload");
  }

  // ---------------------------------------------------------------------------------------
  // schema walking

  /** A record type and the JSON Schema object describing it, with a path for messages. */
  private record RecordSchema(Class<? extends Record> type, JsonNode schema, String path) {
  }

  /** The payload record and every record reachable from it, each with its (dereferenced) schema. */
  private static List<RecordSchema> recordSchemas(Topic topic) {
    JsonNode root = schemaOf(topic);
    List<RecordSchema> out = new ArrayList<>();
    collectRecordSchemas(topic.payloadType(), root, root, topic.topicName(), out);
    return out;
  }

  private static void collectRecordSchemas(Class<? extends Record> type, JsonNode schema,
      JsonNode root, String path, List<RecordSchema> out) {
    out.add(new RecordSchema(type, schema, path));
    for (RecordComponent c : type.getRecordComponents()) {
      JsonNode property = schema.path("properties").get(c.getName());
      if (property != null) {
        collectNested(c.getGenericType(), property, root, path + "." + c.getName(), out);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void collectNested(Type type, JsonNode schema, JsonNode root, String path,
      List<RecordSchema> out) {
    JsonNode resolved = deref(schema, root);
    if (type instanceof Class<?> cls && cls.isRecord()) {
      collectRecordSchemas((Class<? extends Record>) cls, resolved, root, path, out);
    } else if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
      if (Collection.class.isAssignableFrom(raw) && resolved.has("items")) {
        collectNested(p.getActualTypeArguments()[0], resolved.get("items"), root, path + "[]",
            out);
      } else if (Map.class.isAssignableFrom(raw) && resolved.path("additionalProperties")
          .isObject()) {
        collectNested(p.getActualTypeArguments()[1], resolved.get("additionalProperties"), root,
            path + "{}", out);
      }
    }
  }

  /** Records problems where a Java type and a property schema disagree. */
  private static void checkType(Type type, JsonNode propertySchema, boolean nullable,
      JsonNode root, String path, List<String> problems) {
    JsonNode schema = deref(propertySchema, root);
    if (schema.isMissingNode()) {
      problems.add(path + ": unresolvable $ref " + propertySchema.path("$ref").asText());
      return;
    }
    Class<?> raw = rawClass(type);
    if (nullable && raw.isPrimitive()) {
      problems.add(path + ": @Nullable on primitive " + raw + ", which can never be null");
    }
    String expected = jsonType(raw);
    if (expected == null) {
      problems.add(path + ": no JSON Schema mapping for Java type " + type.getTypeName()
          + " (extend EventSchemaDriftTest.jsonType and sample)");
      return;
    }
    Set<String> expectedTypes = nullable ? Set.of(expected, "null") : Set.of(expected);
    Set<String> declared = declaredTypes(schema);
    if (!declared.equals(expectedTypes)) {
      problems.add(path + ": Java " + type.getTypeName() + (nullable ? " (@Nullable)" : "")
          + " needs type " + expectedTypes + " but schema says " + declared);
    }

    if (isDateTime(raw) && !"date-time".equals(schema.path("format").asText())) {
      problems.add(path + ": " + raw.getSimpleName() + " needs format date-time");
    }
    if (raw.isEnum()) {
      Set<String> wireNames = Arrays.stream(raw.getEnumConstants())
          .map(e -> EventCodec.json().valueToTree(e).asText())
          .collect(Collectors.toCollection(TreeSet::new));
      Set<String> schemaEnum = new TreeSet<>();
      schema.path("enum").forEach(n -> {
        if (!n.isNull()) {
          schemaEnum.add(n.asText());
        }
      });
      if (!wireNames.equals(schemaEnum)) {
        problems.add(path + ": enum " + raw.getSimpleName() + " serialises as " + wireNames
            + " but schema enum is " + schemaEnum);
      }
    }
    if (Collection.class.isAssignableFrom(raw)) {
      if (!schema.has("items")) {
        problems.add(path + ": array schema without items");
      } else {
        checkType(typeArgument(type, 0), schema.get("items"), false, root, path + "[]",
            problems);
      }
    }
    if (Map.class.isAssignableFrom(raw)) {
      if (typeArgument(type, 0) != String.class) {
        problems.add(path + ": JSON object keys are strings, but the map key is "
            + typeArgument(type, 0).getTypeName());
      }
      if (!schema.path("additionalProperties").isObject()) {
        problems.add(path + ": map schema needs additionalProperties with the value schema");
      } else {
        checkType(typeArgument(type, 1), schema.get("additionalProperties"), false, root,
            path + "{}", problems);
      }
    }
    // Components of nested records are checked through recordSchemas().
  }

  private static String jsonType(Class<?> raw) {
    if (raw == String.class || raw.isEnum() || isDateTime(raw)) {
      return "string";
    }
    if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class
        || raw == short.class || raw == Short.class) {
      return "integer";
    }
    if (raw == double.class || raw == Double.class || raw == float.class
        || raw == Float.class) {
      return "number";
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return "boolean";
    }
    if (Collection.class.isAssignableFrom(raw)) {
      return "array";
    }
    if (Map.class.isAssignableFrom(raw) || raw.isRecord()) {
      return "object";
    }
    return null;
  }

  private static boolean isDateTime(Class<?> raw) {
    return raw == Instant.class || raw == OffsetDateTime.class;
  }

  private static Set<String> declaredTypes(JsonNode schema) {
    JsonNode type = schema.path("type");
    Set<String> out = new TreeSet<>();
    if (type.isTextual()) {
      out.add(type.asText());
    } else {
      type.forEach(t -> out.add(t.asText()));
    }
    return out;
  }

  /** Follows local {@code $ref}s ({@code #/$defs/...}); external ones are not used here. */
  private static JsonNode deref(JsonNode schema, JsonNode root) {
    JsonNode current = schema;
    for (int hops = 0; current.has("$ref") && hops < 10; hops++) {
      String ref = current.get("$ref").asText();
      if (!ref.startsWith("#")) {
        return MissingNode.getInstance();
      }
      current = root.at(ref.substring(1));
    }
    return current;
  }

  // ---------------------------------------------------------------------------------------
  // samples

  /**
   * Builds a record through its canonical constructor with a sample value for every component;
   * with {@code nullsForNullable}, every {@link Nullable} component (also in nested records) is
   * null.
   */
  private static Record sample(Class<? extends Record> type, boolean nullsForNullable) {
    RecordComponent[] components = type.getRecordComponents();
    Class<?>[] parameterTypes = new Class<?>[components.length];
    Object[] args = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      parameterTypes[i] = c.getType();
      args[i] = nullsForNullable && isNullable(c)
          ? null
          : sampleValue(c.getGenericType(), c.getName(), nullsForNullable);
    }
    try {
      Constructor<? extends Record> constructor = type.getDeclaredConstructor(parameterTypes);
      constructor.setAccessible(true);
      return constructor.newInstance(args);
    } catch (InvocationTargetException e) {
      throw new AssertionError("canonical constructor of " + type.getSimpleName()
          + " rejected the sample " + Arrays.toString(args), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot build " + type.getSimpleName(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Object sampleValue(Type type, String name, boolean nullsForNullable) {
    Class<?> raw = rawClass(type);
    if (raw == String.class) {
      return CONSTRAINED_STRINGS.getOrDefault(name, "sample \"" + name + "\" ✓");
    }
    if (raw == Instant.class) {
      return Instant.parse("2025-01-02T03:04:05.123456789Z");
    }
    if (raw == OffsetDateTime.class) {
      return OffsetDateTime.parse("2025-01-02T03:04:05.123+01:00");
    }
    if (raw == int.class || raw == Integer.class) {
      return 1080;
    }
    if (raw == long.class || raw == Long.class) {
      return 5_000_000_000L; // beyond int: catches a long declared as a 32-bit quantity
    }
    if (raw == short.class || raw == Short.class) {
      return (short) 7;
    }
    if (raw == double.class || raw == Double.class) {
      return 12.75;
    }
    if (raw == float.class || raw == Float.class) {
      return 0.5f;
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return true;
    }
    if (raw.isEnum()) {
      Object[] constants = raw.getEnumConstants();
      return constants[constants.length - 1];
    }
    if (raw.isRecord()) {
      return sample((Class<? extends Record>) raw, nullsForNullable);
    }
    if (List.class.isAssignableFrom(raw) || raw == Collection.class) {
      Type element = typeArgument(type, 0);
      return List.of(sampleValue(element, name, nullsForNullable),
          sampleValue(element, name, nullsForNullable));
    }
    if (Set.class.isAssignableFrom(raw)) {
      return Set.of(sampleValue(typeArgument(type, 0), name, nullsForNullable));
    }
    if (Map.class.isAssignableFrom(raw)) {
      return Map.of("sample-key", sampleValue(typeArgument(type, 1), name, nullsForNullable));
    }
    throw new AssertionError("no sample value for " + type.getTypeName() + " " + name
        + ": extend EventSchemaDriftTest.sampleValue");
  }

  /** What actually goes on the wire: the record as EventCodec's mapper writes it. */
  private static JsonNode wire(Record payload) {
    try {
      return FILES.readTree(EventCodec.json().writeValueAsBytes(payload));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------------------------------
  // AsyncAPI helpers

  private static Map<String, Object> asyncApi() {
    try (InputStream in = EventSchemaDriftTest.class.getResourceAsStream(ASYNCAPI)) {
      assertNotNull(in, ASYNCAPI + " missing");
      return new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Map<String, Object>> channelsAddressed(Map<String, Object> doc,
      String address) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object channel : map(doc.get("channels")).values()) {
      if (address.equals(map(channel).get("address"))) {
        out.add(map(channel));
      }
    }
    return out;
  }

  private static List<Map<String, Object>> messagesOf(Map<String, Object> doc,
      Map<String, Object> channel) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object message : map(channel.get("messages")).values()) {
      out.add(map(resolve(doc, message)));
    }
    return out;
  }

  private static void assertPayloadReferencesSchema(Map<String, Object> message, Topic topic) {
    Map<String, Object> payload = map(message.get("payload"));
    String format = String.valueOf(payload.get("schemaFormat"));
    assertTrue(format.startsWith("application/schema+json") && format.contains("2020-12"),
        topic + " payload schemaFormat " + format);
    String ref = String.valueOf(map(payload.get("schema")).get("$ref"));
    assertEquals("./schemas/" + topic.topicName() + ".schema.json", ref,
        "payload of a " + message.get("name") + " message");
    URL base = EventSchemaDriftTest.class.getResource(ASYNCAPI);
    try {
      URL target = base.toURI().resolve(ref).toURL();
      try (InputStream in = target.openStream()) {
        assertEquals(schemaOf(topic), FILES.readTree(in), ref + " is not the topic's schema");
      }
    } catch (IOException | java.net.URISyntaxException e) {
      throw new AssertionError(ref + " does not resolve next to " + ASYNCAPI, e);
    }
  }

  /** Collects {@code const} values of the named property anywhere in a (header) schema. */
  private static void collectConst(Map<String, Object> doc, Object schema, String property,
      Set<Object> out) {
    Object resolved = resolve(doc, schema);
    if (resolved instanceof Map<?, ?> m) {
      if (m.get("properties") instanceof Map<?, ?> props
          && props.get(property) instanceof Map<?, ?> p && p.containsKey("const")) {
        out.add(p.get("const"));
      }
      for (String combiner : List.of("allOf", "anyOf", "oneOf")) {
        for (Object sub : list(m.get(combiner))) {
          collectConst(doc, sub, property, out);
        }
      }
    }
  }

  private static void collectPropertyNames(Map<String, Object> doc, Object schema,
      Set<String> out) {
    Object resolved = resolve(doc, schema);
    if (resolved instanceof Map<?, ?> m) {
      if (m.get("properties") instanceof Map<?, ?> props) {
        props.keySet().forEach(k -> out.add(String.valueOf(k)));
      }
      for (Object sub : list(m.get("allOf"))) {
        collectPropertyNames(doc, sub, out);
      }
    }
  }

  /** Follows a local {@code $ref} within the AsyncAPI document; other values pass through. */
  private static Object resolve(Map<String, Object> doc, Object node) {
    Object current = node;
    for (int hops = 0; hops < 10 && current instanceof Map<?, ?> m
        && m.get("$ref") instanceof String ref && ref.startsWith("#/"); hops++) {
      Object target = doc;
      for (String part : ref.substring(2).split("/")) {
        String key = part.replace("~1", "/").replace("~0", "~");
        target = target instanceof Map<?, ?> tm ? tm.get(key) : null;
      }
      assertNotNull(target, "unresolvable $ref " + ref);
      current = target;
    }
    return current;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object node) {
    if (node == null) {
      return Map.of();
    }
    assertTrue(node instanceof Map, "expected a mapping, found " + node);
    return (Map<String, Object>) node;
  }

  private static List<?> list(Object node) {
    return node instanceof List<?> l ? l : List.of();
  }

  // ---------------------------------------------------------------------------------------
  // general helpers

  private static String schemaResource(Topic topic) {
    return "/schemas/" + topic.topicName() + ".schema.json";
  }

  private static JsonNode schemaOf(Topic topic) {
    try (InputStream in = EventSchemaDriftTest.class.getResourceAsStream(schemaResource(topic))) {
      assertNotNull(in, "missing " + schemaResource(topic));
      return FILES.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonSchema validator(Topic topic) {
    return SCHEMAS.getSchema(schemaOf(topic), ASSERT_FORMATS);
  }

  private static boolean isNullable(RecordComponent c) {
    return c.isAnnotationPresent(Nullable.class);
  }

  private static Set<String> componentNames(Class<? extends Record> type) {
    return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> out = new TreeSet<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static Set<String> minus(Set<String> a, Set<String> b) {
    Set<String> out = new TreeSet<>(a);
    out.removeAll(b);
    return out;
  }

  private static Class<?> rawClass(Type type) {
    if (type instanceof Class<?> cls) {
      return cls;
    }
    if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> cls) {
      return cls;
    }
    throw new AssertionError("unsupported component type " + type.getTypeName());
  }

  private static Type typeArgument(Type type, int index) {
    if (type instanceof ParameterizedType p) {
      return p.getActualTypeArguments()[index];
    }
    throw new AssertionError("raw collection type " + type.getTypeName()
        + ": declare its element type");
  }

  private static void assertNoErrors(Set<ValidationMessage> errors, String what) {
    assertTrue(errors.isEmpty(), () -> what + " failed validation:\n  " + errors.stream()
        .map(ValidationMessage::toString).collect(Collectors.joining("\n  ")));
  }
}
