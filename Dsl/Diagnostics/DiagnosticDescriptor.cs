using System.Globalization;
using System.Linq;
using VaeDsl.Dsl.Model;

namespace VaeDsl.Dsl.Diagnostics;

/// <summary>One kind of diagnostic: a stable ID, its severity, a title and a composite-format message. Its
/// category and help link follow from the ID and the title, so the build, an editor and the docs agree.</summary>
public sealed record DiagnosticDescriptor(string Id, Severity Severity, string Title, string MessageFormat)
{
    /// <summary>The page that documents every ID, one section each: the one address every help link starts with, unless
    /// a project names another page with the MSBuild property <c>VaeDslDiagnosticsPage</c> (a mirror, or a local copy).</summary>
    public const string DocumentationPage = "https://github.com/vaedsl/vaedsl/blob/main/docs/diagnostics.md";

    public string Format(params object[] arguments) => string.Format(CultureInfo.InvariantCulture, MessageFormat, arguments);

    /// <summary>The group of the ID, as the build and an editor show it: VAE00xx syntax, VAE01xx names and
    /// arguments, VAE02xx shapes, VAE03xx model combinations, VAE91xx the PyTorch export, other VAE9xxx the code generator.</summary>
    public string Category => Id.Length < 5 ? "VaeDsl" : Id.Substring(3, 2) switch
    {
        "00" => "VaeDsl.Syntax",
        "01" => "VaeDsl.Names",
        "02" => "VaeDsl.Shapes",
        "03" => "VaeDsl.Model",
        "91" => "VaeDsl.Export",
        _ => "VaeDsl.Generator",
    };

    /// <summary>The heading of the ID's section in docs/diagnostics.md: <c>VAE0102 Unknown layer (error)</c>.</summary>
    public string DocumentationHeading => Id + " " + Title + " (" + Severity.ToString().ToLowerInvariant() + ")";

    /// <summary>The address of the ID's section: the page plus the anchor a Markdown renderer gives its heading.</summary>
    public string HelpLink => HelpLinkOn(DocumentationPage);

    /// <summary>The address of the ID's section on <paramref name="page"/>, a copy of docs/diagnostics.md.</summary>
    public string HelpLinkOn(string page) => page + "#" + new string(DocumentationHeading.ToLowerInvariant()
        .Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_')
        .Select(c => c == ' ' ? '-' : c)
        .ToArray());
}
