using BenchmarkDotNet.Running;

// Not run in CI. Brief run: dotnet run -c Release --project bench/AllenAI.Benchmarks -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
