using Knapscen.Sagas.Orchestrator.Cli;

return await KnapscenCli.RunAsync(args).ConfigureAwait(false);
