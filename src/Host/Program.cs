// Placeholder entry point; the CLI (System.CommandLine over Microsoft.Extensions.Hosting) replaces it.
return 0;
