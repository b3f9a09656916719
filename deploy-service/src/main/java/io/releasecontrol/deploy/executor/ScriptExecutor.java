package io.releasecontrol.deploy.executor;

import io.releasecontrol.deploy.DeployProperties;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs the environment's configured script (never a path from a request) once per step, with the
 * deployment's parameters in {@code RC_*} variables; streams stdout and stderr line by line,
 * enforces the environment's timeout, and on cancel kills the whole process tree. A non-zero exit
 * fails the step with the exit code and the last lines.
 */
@Component
class ScriptExecutor implements DeployExecutor {

    private static final Logger log = LoggerFactory.getLogger(ScriptExecutor.class);
    /** Lines kept for the failure reason. */
    private static final int LAST_LINES = 5;

    private final DeployProperties props;
    private final RunningExecutions<Run> running = new RunningExecutions<>();

    public ScriptExecutor(DeployProperties props) {
        this.props = props;
    }

    @Override
    public String name() {
        return "script";
    }

    @Override
    public String unavailableFor(String environment) {
        var script = props.environment(environment).script();
        if (script == null) {
            return "environment '" + environment + "' has no deploy script configured (rc.deploy.environments."
                    + environment + ".script)";
        }
        return Files.isExecutable(script) ? null : "the deploy script of environment '" + environment
                + "' is not an executable file: " + script;
    }

    @Override
    public Flux<OutputLine> start(Execution execution) {
        return running.startOrJoin(execution, run -> Flux.<OutputLine>create(sink -> run(execution, run, sink))
                .subscribeOn(Schedulers.boundedElastic()), new Run());
    }

    /** Blocking: runs on a bounded-elastic thread, as do the two stream readers. */
    private void run(Execution execution, Run run, FluxSink<OutputLine> sink) {
        var env = props.environment(execution.deployment().environment());
        Process process;
        try {
            var builder = new ProcessBuilder(env.script().toString());
            builder.environment().putAll(ScriptEnvironment.of(execution));
            process = builder.start();
        } catch (IOException e) {
            sink.error(new ExecutionFailedException("cannot start " + env.script() + ": " + e.getMessage(), null,
                    List.of()));
            return;
        }
        run.process = process;
        closeQuietly(process);
        Deque<String> last = new ArrayDeque<>();
        CountDownLatch readers = new CountDownLatch(2);
        read(process.getInputStream(), "stdout", sink, last, readers);
        read(process.getErrorStream(), "stderr", sink, last, readers);
        Disposable timeout = Schedulers.boundedElastic().schedule(() -> {
            run.timedOut.set(true);
            ProcessTree.kill(process.toHandle(), props.cancelGrace());
        }, env.scriptTimeout().toMillis(), TimeUnit.MILLISECONDS);
        sink.onCancel(() -> {
            if (process.isAlive()) {
                Schedulers.boundedElastic().schedule(() -> ProcessTree.kill(process.toHandle(), props.cancelGrace()));
            }
        });
        try {
            int exit = process.waitFor();
            readers.await(props.cancelGrace().toMillis(), TimeUnit.MILLISECONDS);
            timeout.dispose();
            List<String> tail;
            synchronized (last) {
                tail = new ArrayList<>(last);
            }
            if (run.cancelled.get()) {
                sink.error(new ExecutionCancelledException("script cancelled, process tree killed"));
            } else if (run.timedOut.get()) {
                sink.error(new ExecutionFailedException("script timed out after " + env.scriptTimeout()
                        + " and was killed", exit, tail));
            } else if (exit != 0) {
                sink.error(new ExecutionFailedException("script exited with code " + exit, exit, tail));
            } else {
                sink.complete();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ProcessTree.kill(process.toHandle(), props.cancelGrace());
            sink.error(new ExecutionCancelledException("interrupted"));
        }
    }

    private static void closeQuietly(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the script reads no input; a failed close changes nothing
        }
    }

    private static void read(InputStream in, String stream, FluxSink<OutputLine> sink, Deque<String> last,
            CountDownLatch done) {
        Schedulers.boundedElastic().schedule(() -> {
            try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    synchronized (last) {
                        last.addLast(line);
                        if (last.size() > LAST_LINES) {
                            last.removeFirst();
                        }
                    }
                    sink.next(new OutputLine(stream, line));
                }
            } catch (IOException e) {
                // the stream closes when the process is killed: nothing more to read
            } finally {
                done.countDown();
            }
        });
    }

    @Override
    public Mono<Void> cancel(UUID deploymentId) {
        return Mono.fromRunnable(() -> {
            Run run = running.handle(deploymentId);
            running.cancelled(deploymentId);
            if (run != null && run.process != null) {
                run.cancelled.set(true);
                List<Long> pids = ProcessTree.kill(run.process.toHandle(), props.cancelGrace());
                log.info("deployment {} cancelled: killed process tree {}", deploymentId, pids);
            }
        }).subscribeOn(Schedulers.boundedElastic()).then();
    }

    /** Only when the environment declares its script idempotent ({@code script-idempotent}). */
    @Override
    public boolean reentersInterruptedStep(String environment) {
        return props.environment(environment).scriptIdempotent();
    }

    @Override
    public ExecutionStatus status(UUID deploymentId) {
        return running.status(deploymentId);
    }

    /** The process of one running step and why it stopped. */
    private static final class Run {
        volatile Process process;
        final AtomicBoolean cancelled = new AtomicBoolean();
        final AtomicBoolean timedOut = new AtomicBoolean();
    }
}
