package flatbench.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;

import flatbench.checkpoint.CheckpointException;
import flatbench.data.DataException;
import flatbench.engine.EngineException;
import flatbench.record.RecordException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Turns failures into one sentence and an exit code: 2 for the user's mistakes (bad arguments,
 * missing or corrupt files, an engine that cannot run here), 1 for everything else; a run that
 * fails in itself (training diverged) exits with 3 after writing what it measured; merge exits
 * with 4 while a sweep is still in progress. A stack
 * trace is printed only with FLATBENCH_DEBUG=1.
 */
final class Errors {
    static final int USER_ERROR = 2;
    static final int INTERNAL_ERROR = 1;
    /** The run itself failed (training diverged); its result was written, marked failed. */
    static final int RUN_FAILED = 3;
    /** merge: the sweep is still running (runs in progress, none failed); not an error, merge again later. */
    static final int SWEEP_IN_PROGRESS = 4;

    private Errors() {}

    static int onBadArguments(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String message = e.getMessage();
        if (e.getCause() instanceof CommandLine.TypeConversionException || e.getCause() instanceof NumberFormatException) {
            message = message.replace("java.lang.NumberFormatException: ", "");
        }
        cmd.getErr().println("flatbench: " + message + " (try '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        return USER_ERROR;
    }

    static int onFailure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (System.getenv("FLATBENCH_DEBUG") != null) e.printStackTrace(cmd.getErr());
        Throwable t = unwrap(e);
        if (isUserError(t)) {
            cmd.getErr().println("flatbench: " + sentence(t));
            return USER_ERROR;
        }
        cmd.getErr().println("flatbench: internal error: " + t.getClass().getSimpleName() + ": " + sentence(t)
                + " (set FLATBENCH_DEBUG=1 for the stack trace)");
        return INTERNAL_ERROR;
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof UncheckedIOException || t instanceof java.util.concurrent.ExecutionException
                || t.getClass() == RuntimeException.class) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Exceptions whose message is written for the user: bad input, missing files, no device. */
    static boolean isUserError(Throwable t) {
        if (t instanceof IllegalArgumentException || t instanceof NoSuchFileException || t instanceof IOException) return true;
        return t instanceof DataException || t instanceof RecordException || t instanceof CheckpointException
                || t instanceof EngineException e && e.isEnvironmentProblem();
    }

    private static String sentence(Throwable t) {
        String m = t.getMessage();
        if (t instanceof NoSuchFileException) return m + ": no such file";
        return m == null ? t.getClass().getSimpleName() : m;
    }
}
