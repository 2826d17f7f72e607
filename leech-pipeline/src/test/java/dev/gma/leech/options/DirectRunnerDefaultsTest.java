package dev.gma.leech.options;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.beam.runners.dataflow.options.DataflowPipelineOptions;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

class DirectRunnerDefaultsTest {

    private static PipelineOptions launch(String... args) {
        PipelineOptions options = PipelineOptionsFactory.fromArgs(args).as(LeechOptions.class);
        DirectRunnerDefaults.apply(options, args);
        return options;
    }

    @Test
    void aLocalLaunchCopiesOneArchiveAtATime() {
        assertThat(launch().as(DirectOptions.class).getTargetParallelism()).isEqualTo(1);
        assertThat(launch("--batchSize=10").as(DirectOptions.class).getTargetParallelism()).isEqualTo(1);
    }

    @Test
    void theFlagWins() {
        assertThat(launch("--targetParallelism=4").as(DirectOptions.class).getTargetParallelism()).isEqualTo(4);
    }

    @Test
    void withoutTheDefaultTheDirectRunnerWouldUseAtLeastThreeWorkers() {
        PipelineOptions untouched = PipelineOptionsFactory.fromArgs().as(LeechOptions.class);
        assertThat(untouched.as(DirectOptions.class).getTargetParallelism()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aDataflowLaunchIsNotTouched() {
        PipelineOptions dataflow = launch("--runner=DataflowRunner");
        assertThat(dataflow.as(DataflowPipelineOptions.class).getRunner().getSimpleName()).isEqualTo("DataflowRunner");
        assertThat(dataflow.as(DirectOptions.class).getTargetParallelism())
                .isEqualTo(PipelineOptionsFactory.fromArgs().as(DirectOptions.class).getTargetParallelism());
    }
}
