using System.Globalization;
using VaeDsl.Dsl.Model;

namespace VaeDsl.Dsl.Diagnostics;

/// <summary>One kind of diagnostic: a stable ID, its severity, a title and a composite-format message.</summary>
public sealed record DiagnosticDescriptor(string Id, Severity Severity, string Title, string MessageFormat)
{
    public string Format(params object[] arguments) => string.Format(CultureInfo.InvariantCulture, MessageFormat, arguments);
}
