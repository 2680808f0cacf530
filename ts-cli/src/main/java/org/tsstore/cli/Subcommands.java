package org.tsstore.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * The subcommands of {@code tsstore}, by name, in the order help lists them. The command line of a run that
 * names one of them builds only that one: picocli reads every annotation of a command it is given by
 * reflection, and building all fifteen is a good part of a short command's start-up. Help, completion,
 * the shell, and a name that is not a command (for "did you mean") get all of them.
 */
final class Subcommands {

    /** Every subcommand, by name. */
    static final Map<String, Class<?>> ALL = all();

    /** The global options that take a value, so that their value is not taken for a command name. */
    private static final String STORE = "--store";

    private Subcommands() {}

    private static Map<String, Class<?>> all() {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        m.put("demo", DemoCommand.class);
        m.put("ls", LsCommand.class);
        m.put("put", PutCommand.class);
        m.put("get", GetCommand.class);
        m.put("append", AppendCommand.class);
        m.put("stats", StatsCommand.class);
        m.put("rm", RmCommand.class);
        m.put("import", ImportCommand.class);
        m.put("export", ExportCommand.class);
        m.put("copy", CopyCommand.class);
        m.put("verify", VerifyCommand.class);
        m.put("repair", RepairCommand.class);
        m.put("compact", CompactCommand.class);
        m.put("plot", PlotCommand.class);
        m.put("shell", ShellCommand.class);
        m.put("completion", CompletionCommand.class);
        return m;
    }

    /**
     * Adds the subcommands a command line needs.
     *
     * @param cmd the root command line
     * @param args the arguments it will parse, or {@code null} for all subcommands
     */
    static void register(CommandLine cmd, String[] args) {
        String named = args == null ? null : commandName(args);
        boolean one = named != null && ALL.containsKey(named) && !named.equals("completion") && !named.equals("shell");
        for (Map.Entry<String, Class<?>> e : ALL.entrySet()) {
            if (!one || e.getKey().equals(named)) {
                cmd.addSubcommand(e.getKey(), e.getValue());
            }
        }
    }

    /** The first argument that is not a global option or its value: the command's name, or {@code null}. */
    static String commandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals(STORE)) {
                i++;
            } else if (a.equals("--")) {
                return null;
            } else if (!a.startsWith("-")) {
                return a;
            }
        }
        return null;
    }
}
