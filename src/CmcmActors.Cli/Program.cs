using CmcmActors.Cli;

return CmcmCommandLine.Run(args, Console.Out, Console.Error);
