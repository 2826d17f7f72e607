package dev.gma.leech.options;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.beans.Introspector;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.Test;

/** The Flex Template's parameters, the options interface and the Terraform launch agree. */
public class FlexTemplateMetadataTest {

    private static final Path METADATA = Path.of("src", "main", "flex-template", "metadata.json");
    private static final Set<String> LOCAL_ONLY = Set.of("dataDir");

    @Test
    public void everyGcpOptionIsATemplateParameterAndNothingElseIs() throws Exception {
        JsonNode metadata = new ObjectMapper().readTree(Files.readString(METADATA));
        Set<String> parameters = StreamSupport.stream(metadata.get("parameters").spliterator(), false)
                .map(p -> p.get("name").asText()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> options = Arrays.stream(LeechOptions.class.getDeclaredMethods())
                .map(Method::getName).filter(name -> name.startsWith("get"))
                .map(name -> Introspector.decapitalize(name.substring(3)))
                .filter(name -> !LOCAL_ONLY.contains(name))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(parameters).isEqualTo(options);
    }

    @Test
    public void terraformLaunchesWithParametersTheTemplateKnows() throws Exception {
        String dataflow = Files.readString(Path.of("..", "terraform", "dataflow.tf"));
        JsonNode metadata = new ObjectMapper().readTree(Files.readString(METADATA));
        for (JsonNode parameter : metadata.get("parameters")) {
            if (!parameter.get("isOptional").asBoolean()) {
                assertThat(dataflow).as("required parameter set by terraform/dataflow.tf")
                        .containsPattern("\\n\\s+" + parameter.get("name").asText() + "\\s+=");
            }
        }
    }
}
