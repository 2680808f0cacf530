package org.tsstore.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code tsstore completion}: prints the shell completion script. */
@Command(
        name = "completion",
        header = "Print a bash/zsh completion script for tsstore.",
        description = {
            "Load it in the current shell:  source <(tsstore completion)",
            "or install it:  tsstore completion > /etc/bash_completion.d/tsstore",
            "zsh: run 'autoload -U +X bashcompinit && bashcompinit' first."
        })
final class CompletionCommand implements Callable<Integer> {

    @ParentCommand
    private TsstoreCommand root;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        String script = AutoComplete.bash(spec.root().name(), spec.root().commandLine());
        root.session().out().print(script);
        root.session().out().flush();
        return ExitCodes.OK;
    }
}
