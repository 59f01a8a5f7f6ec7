using Providers.Host.Cli;

using var output = StandardOutput.Open();
return await HostCommandLine.RunAsync(args, output, Console.Error);
