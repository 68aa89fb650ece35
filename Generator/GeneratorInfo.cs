namespace VaeDsl.Generator;

internal static class GeneratorInfo
{
    public const string Version = "0.1.0";
}
