package io.releasecontrol.events.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.EventFixtures;
import io.releasecontrol.events.EventFormatException;
import io.releasecontrol.events.EventTypes;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.UnknownEventTypeException;
import io.releasecontrol.events.command.StartDeployment;
import io.releasecontrol.events.deployment.DeployFailed;
import io.releasecontrol.events.deployment.DeployProgressed;
import io.releasecontrol.events.deployment.DeployStarted;
import io.releasecontrol.events.deployment.TrafficShifted;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** What the codec refuses, and what it tolerates for forward compatibility. */
class EventCodecRejectionTest {

    private static final String STARTED = EventTypes.typeOf(DeployStarted.class);

    /** The wire JSON of the fixture of {@code type}, after {@code edit}. */
    private static String json(String type, Consumer<ObjectNode> edit) {
        ObjectNode root = (ObjectNode) EventCodec.mapper().readTree(EventCodec.toJson(EventFixtures.envelope(type)));
        edit.accept(root);
        return EventCodec.mapper().writeValueAsString(root);
    }

    private static ObjectNode data(ObjectNode root) {
        return (ObjectNode) root.get("data");
    }

    @Test
    void rejectsUnknownTypeWithClearError() {
        String json = json(STARTED, root -> root.put("type", "io.releasecontrol.deployment.teleported.v1"));

        assertThatThrownBy(() -> EventCodec.fromJson(json))
                .isInstanceOf(UnknownEventTypeException.class)
                .hasMessageContaining("unknown event type 'io.releasecontrol.deployment.teleported.v1'")
                .extracting(e -> ((UnknownEventTypeException) e).type())
                .isEqualTo("io.releasecontrol.deployment.teleported.v1");
    }

    @Test
    void rejectsNewerVersionOfAKnownType() {
        // a .v2 this build does not know is unknown, never read as its .v1
        String json = json(STARTED, root -> root.put("type", "io.releasecontrol.deployment.started.v2"));

        assertThatThrownBy(() -> EventCodec.fromJson(json))
                .isInstanceOf(UnknownEventTypeException.class)
                .hasMessageContaining("'io.releasecontrol.deployment.started.v2'");
    }

    @Test
    void rejectsCommandSentOnTheEventsTopic() {
        // a command that strays onto rc.deployments must not be read (and acted on) as if it belonged there
        byte[] command = EventCodec.toBytes(EventFixtures.envelope(EventTypes.typeOf(StartDeployment.class)));

        assertThatThrownBy(() -> new EventEnvelopeDeserializer().deserialize(Topics.DEPLOYMENTS, command))
                .isInstanceOf(EventFormatException.class)
                .hasMessage("event type 'io.releasecontrol.command.start-deployment.v1' does not belong on this topic"
                        + " (expected a DeploymentEvent)");
    }

    @Test
    void rejectsEventSentOnTheCommandsTopic() {
        byte[] event = EventCodec.toBytes(EventFixtures.envelope(STARTED));

        assertThatThrownBy(() -> new EventEnvelopeDeserializer().deserialize(Topics.DEPLOY_COMMANDS, event))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("'io.releasecontrol.deployment.started.v1' does not belong on this topic (expected a DeployCommand)");
    }

    @Test
    void rejectsNonStringAttributes() {
        // an attribute of the wrong JSON kind is a format error, not a Jackson exception escaping
        String json = EventCodec.toJson(EventFixtures.envelope(STARTED)).replaceFirst("\"id\":\"[^\"]*\"", "\"id\":{}");

        assertThatThrownBy(() -> EventCodec.fromJson(json))
                .isInstanceOf(EventFormatException.class)
                .hasMessage("CloudEvents attribute 'id' must be a string");
    }

    @Test
    void rejectsDataWithoutItsTarget() {
        // without application the record key cannot be built: reject while reading, so it dead-letters
        String json = EventCodec.toJson(EventFixtures.envelope(STARTED)).replaceFirst("\"application\":\"[^\"]*\",", "");

        assertThatThrownBy(() -> EventCodec.fromJson(json))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("invalid data for io.releasecontrol.deployment.started.v1");
    }

    @Test
    void rejectsSubjectThatDisagreesWithData() {
        String json = EventCodec.toJson(EventFixtures.envelope(STARTED)).replaceFirst("\"subject\":\"[^\"]*\"",
                "\"subject\":\"other:development\"");

        assertThatThrownBy(() -> EventCodec.fromJson(json))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("subject 'other:development' does not match");
    }

    @Test
    void deserializerPassesTombstonesThroughAsNull() {
        assertThat(new EventEnvelopeDeserializer().deserialize(Topics.DEPLOYMENTS, null)).isNull();
        assertThat(new EventEnvelopeSerializer().serialize(Topics.DEPLOYMENTS, null)).isNull();
    }

    @Test
    void rejectsNonJson() {
        assertThatThrownBy(() -> EventCodec.fromBytes("deploy shop 2.4.0".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventFormatException.class)
                .hasMessageStartingWith("message is not JSON: ");
    }

    @Test
    void rejectsJsonThatIsNotAnObject() {
        assertThatThrownBy(() -> EventCodec.fromJson("[1, 2]"))
                .isInstanceOf(EventFormatException.class)
                .hasMessage("message is not a JSON object");
    }

    @Test
    void rejectsMissingValue() {
        assertThatThrownBy(() -> EventCodec.fromBytes(null))
                .isInstanceOf(EventFormatException.class)
                .hasMessage("message has no value");
    }

    @Test
    void rejectsMissingType() {
        String json = json(STARTED, root -> root.remove("type"));

        assertThatThrownBy(() -> EventCodec.fromJson(json))
                .isInstanceOf(EventFormatException.class)
                .hasMessage("CloudEvents attribute 'type' is required");
    }

    @Test
    void rejectsMissingData() {
        String json = json(STARTED, root -> root.remove("data"));

        assertThatThrownBy(() -> EventCodec.fromJson(json))
                .isInstanceOf(EventFormatException.class)
                .hasMessage("event io.releasecontrol.deployment.started.v1 has no 'data' object");
    }

    @Test
    void rejectsDataThatIsNotAnObject() {
        // e.g. a producer that double-encoded data as a JSON string
        String json = json(STARTED, root -> root.put("data", "{\"application\":\"shop\"}"));

        assertThatThrownBy(() -> EventCodec.fromJson(json))
                .isInstanceOf(EventFormatException.class)
                .hasMessage("event io.releasecontrol.deployment.started.v1 has no 'data' object");
    }

    @Test
    void rejectsMissingId() {
        String json = json(STARTED, root -> root.remove("id"));

        assertThatThrownBy(() -> EventCodec.fromJson(json))
                .isInstanceOf(EventFormatException.class)
                .hasMessage("CloudEvents attribute 'id' is required");
    }

    @Test
    void rejectsMissingSource() {
        String json = json(STARTED, root -> root.remove("source"));

        assertThatThrownBy(() -> EventCodec.fromJson(json))
                .isInstanceOf(EventFormatException.class)
                .hasMessage("CloudEvents attribute 'source' is required");
    }

    @Test
    void rejectsWrongSpecversion() {
        String json = json(STARTED, root -> root.put("specversion", "0.3"));

        assertThatThrownBy(() -> EventCodec.fromJson(json))
                .isInstanceOf(EventFormatException.class)
                .hasMessage("specversion must be 1.0, got 0.3");
    }

    @Test
    void rejectsMissingSpecversion() {
        String json = json(STARTED, root -> root.remove("specversion"));

        assertThatThrownBy(() -> EventCodec.fromJson(json))
                .isInstanceOf(EventFormatException.class)
                .hasMessage("specversion must be 1.0, got null");
    }

    @Test
    void rejectsTimeThatIsNotRfc3339() {
        String json = json(STARTED, root -> root.put("time", "01.03.2026 10:15"));

        assertThatThrownBy(() -> EventCodec.fromJson(json))
                .isInstanceOf(EventFormatException.class)
                .hasMessage("CloudEvents attribute 'time' is not RFC 3339: 01.03.2026 10:15");
    }

    @Test
    void rejectsDataThatBreaksTheRecordsInvariant() {
        // the record constructor's check runs on the consumer side too
        String json = json(EventTypes.typeOf(TrafficShifted.class), root -> data(root).put("newPercent", 50));

        assertThatThrownBy(() -> EventCodec.fromJson(json))
                .isInstanceOf(EventFormatException.class)
                .hasMessageStartingWith("invalid data for io.releasecontrol.deployment.traffic-shifted.v1: ")
                .hasMessageContaining("traffic percentages must be >= 0 and add up to 100, got 90 + 50");
    }

    @Test
    void rejectsMalformedDeploymentId() {
        String json = json(STARTED, root -> data(root).put("deploymentId", "not-a-uuid"));

        assertThatThrownBy(() -> EventCodec.fromJson(json))
                .isInstanceOf(EventFormatException.class)
                .hasMessageStartingWith("invalid data for io.releasecontrol.deployment.started.v1: ");
    }

    @Test
    void rejectsUnknownStrategy() {
        String json = json(STARTED, root -> data(root).put("strategy", "big-bang"));

        assertThatThrownBy(() -> EventCodec.fromJson(json))
                .isInstanceOf(EventFormatException.class)
                .hasMessageStartingWith("invalid data for io.releasecontrol.deployment.started.v1: ");
    }

    @Test
    void ignoresUnknownFieldsInsideData() {
        // forward compatibility: a newer producer may add fields; this consumer reads what it knows
        String json = json(STARTED, root -> {
            data(root).put("region", "eu-west-1");
            data(root).putObject("rolloutPlan").put("waves", 3);
        });

        assertThat(EventCodec.fromJson(json)).isEqualTo(EventFixtures.envelope(STARTED));
    }

    @Test
    void ignoresUnknownExtensionAttributes() {
        // CloudEvents extensions we do not model (e.g. partitionkey) are dropped, not an error
        String json = json(STARTED, root -> root.put("partitionkey", "shop:prod"));

        assertThat(EventCodec.fromJson(json)).isEqualTo(EventFixtures.envelope(STARTED));
    }

    @Test
    void readsAbsentOptionalAttributesAsNull() {
        String json = json(STARTED, root -> {
            root.remove("causationid");
            root.remove("traceparent");
        });

        EventEnvelope<RcEvent> read = EventCodec.fromJson(json);

        assertThat(read.causationid()).isNull();
        assertThat(read.traceparent()).isNull();
        assertThat(EventCodec.toJson(read)).doesNotContain("causationid", "traceparent");
    }

    @Test
    void readsAbsentReferenceFieldOfDataAsNull() {
        // an older producer that did not send a field yet: the consumer sees null, not an error
        String json = json(EventTypes.typeOf(DeployFailed.class), root -> data(root).remove("reason"));

        assertThat(((DeployFailed) EventCodec.fromJson(json).data()).reason()).isNull();
    }

    @Test
    void rejectsAbsentPrimitiveFieldOfData() {
        // FAIL_ON_NULL_FOR_PRIMITIVES also covers absent fields: progress is never silently read as 0,
        // which is why a field added later must be a nullable type (docs/events.md, Compatibility)
        String json = json(EventTypes.typeOf(DeployProgressed.class), root -> data(root).remove("progress"));

        assertThatThrownBy(() -> EventCodec.fromJson(json))
                .isInstanceOf(EventFormatException.class)
                .hasMessageStartingWith("invalid data for io.releasecontrol.deployment.progressed.v1: ")
                .hasMessageContaining("`int`");
    }

    @Test
    void readsDataThatComesBeforeTheType() {
        // another producer may order the attributes differently: data first is read after the type is known
        var envelope = EventFixtures.envelope(STARTED);
        ObjectNode root = (ObjectNode) EventCodec.mapper().readTree(EventCodec.toJson(envelope));
        ObjectNode reordered = EventCodec.mapper().createObjectNode();
        reordered.set("data", root.get("data"));
        root.properties().forEach(e -> {
            if (!e.getKey().equals("data")) {
                reordered.set(e.getKey(), e.getValue());
            }
        });

        assertThat(EventCodec.fromJson(EventCodec.mapper().writeValueAsString(reordered))).isEqualTo(envelope);
    }

    @Test
    void rejectsContentAfterTheEnvelope() {
        String json = EventCodec.toJson(EventFixtures.envelope(STARTED)) + " {}";

        assertThatThrownBy(() -> EventCodec.fromJson(json))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("message is not JSON");
    }

    @Test
    void rejectsMalformedJsonInsideData() {
        String json = EventCodec.toJson(EventFixtures.envelope(STARTED));
        String broken = json.substring(0, json.lastIndexOf('}', json.length() - 2)) + ",}}";

        assertThatThrownBy(() -> EventCodec.fromJson(broken))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("message is not JSON");
    }

    @Test
    void rejectsASecondTypeAfterTheData() {
        String json = EventCodec.toJson(EventFixtures.envelope(STARTED));
        String twice = json.substring(0, json.length() - 1) + ",\"type\":\"" + EventTypes.typeOf(DeployStarted.class) + "\"}";

        assertThatThrownBy(() -> EventCodec.fromJson(twice))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("'type' appears again");
    }
}
