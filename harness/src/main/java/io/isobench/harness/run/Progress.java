package io.isobench.harness.run;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;

/**
 * Progress of a run on stderr: a progress bar on a terminal, one plain line per trial
 * otherwise (logs, CI), so output stays readable in both.
 */
public interface Progress extends AutoCloseable {
    void started(PlannedTrial trial);

    void finished(PlannedTrial trial, String outcome);

    /** The number of planned trials changed (an adaptive run's second stage was planned). */
    void total(int total);

    @Override
    void close();

    static Progress forStderr(int total, PrintStream err) {
        return System.console() != null ? new Bar(total, err) : new Lines(total, err);
    }

    final class Bar implements Progress {
        private final ProgressBar bar;

        Bar(int total, PrintStream err) {
            bar = new ProgressBarBuilder().setTaskName("isobench").setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(err))
                    .continuousUpdate().build();
        }

        @Override
        public void started(PlannedTrial trial) {
            bar.setExtraMessage(trial.label());
        }

        @Override
        public void finished(PlannedTrial trial, String outcome) {
            bar.step();
        }

        @Override
        public void total(int total) {
            bar.maxHint(total);
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    final class Lines implements Progress {
        private int total;
        private final PrintStream err;
        private int done;

        @Override
        public void total(int total) {
            this.total = total;
        }

        Lines(int total, PrintStream err) {
            this.total = total;
            this.err = err;
        }

        @Override
        public void started(PlannedTrial trial) {
        }

        @Override
        public void finished(PlannedTrial trial, String outcome) {
            done++;
            err.println("isobench: [" + done + "/" + total + "] " + trial.label() + ": " + outcome);
        }

        @Override
        public void close() {
        }
    }
}
