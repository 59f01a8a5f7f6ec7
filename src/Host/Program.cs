using Providers.Host.Cli;

return await HostCommandLine.RunAsync(args, Console.Out, Console.Error);
