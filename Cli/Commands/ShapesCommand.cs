using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using VaeDsl.Dsl.Model;
using VaeDsl.Dsl.Navigation;

namespace VaeDsl.Cli.Commands;

/// <summary><c>vae shapes FILE [--model M]</c>: each layer as written with its output shape and parameters at
/// the file's values, the latent heads, flows, learned priors and likelihood parameters, and the total.</summary>
internal static class ShapesCommand
{
    private const int LayerWidth = 48;

    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A .vae file" };
        var model = new Option<string?>("--model") { Description = "Only this model of the file" };
        var command = new Command("shapes", "Print each layer's output shape and parameter count, with the totals.") { file, model };
        command.SetAction(result => Run(result.GetValue(file)!, result.GetValue(model), Console.Out, Console.Error));
        return command;
    }

    public static int Run(string path, string? modelName, TextWriter output, TextWriter error)
    {
        if (!File.Exists(path))
        {
            error.WriteLine($"vae shapes: no file '{path}'");
            return 1;
        }
        if (SourceFiles.Read(path, "vae shapes", error) is not { } text) return 1;
        var document = VaeDocument.Analyze(path, text);
        var errors = document.File.Diagnostics.Where(d => d.Severity == Severity.Error).ToList();
        if (errors.Count > 0)
        {
            foreach (var diagnostic in errors) error.WriteLine(CheckCommand.Format(path, diagnostic));
            return 1;
        }
        var models = document.File.Models.Where(m => modelName is null || m.Name == modelName).ToList();
        if (models.Count == 0)
        {
            var known = string.Join(", ", document.File.Models.Select(m => m.Name));
            error.WriteLine(modelName is null ? $"vae shapes: '{path}' has no model" : $"vae shapes: '{path}' has no model '{modelName}'; it has {known}");
            return 1;
        }
        foreach (var model in models)
        {
            if (model != models[0]) output.WriteLine();
            Print(document, model, output);
        }
        return 0;
    }

    private static void Print(VaeDocument document, CheckedModel model, TextWriter output)
    {
        // A custom layer's parameters are in its C#, which the front end cannot see (null).
        var rows = new List<(string Section, string Item, string Shape, long? Parameters)>();
        foreach (var use in WrittenItems(document, model, "encoder")) rows.Add(("encoder", Written(document, use.Span), use.Output!.ToString(), use.Name == "custom" ? null : use.Parameters ?? 0));
        foreach (var latent in model.Latents)
        {
            // The flow is a row of its own, with its parameters; a quantised latent has the encoder output's shape: a code at each position.
            var family = latent.Flow is { } flow ? latent.Span with { Length = flow.Span.Start - latent.Span.Start } : latent.Span;
            var shape = latent.Family == "VectorQuantized" ? model.Encoder.OutputShape.ToString() : $"[{latent.Size.IntValue}]";
            rows.Add(("latent", Written(document, family), shape, ParameterCount.OfHeads(model, latent)));
            if (latent.Flow is { } written) rows.Add(("flow", Written(document, written.Span, latent.Name + ": "), $"[{latent.Size.IntValue}]", ParameterCount.OfFlow(model, latent)));
        }
        foreach (var prior in model.Priors.Where(p => ParameterCount.OfPrior(model, p) > 0))
        {
            rows.Add(("prior", $"{prior.LatentName} ~ {prior.Family}", "", ParameterCount.OfPrior(model, prior)));
        }
        foreach (var use in WrittenItems(document, model, "decoder")) rows.Add(("decoder", Written(document, use.Span), use.Output!.ToString(), use.Name == "custom" ? null : use.Parameters ?? 0));
        if (ParameterCount.OfLikelihood(model) > 0) rows.Add(("likelihood", model.Likelihood.Family, "", ParameterCount.OfLikelihood(model)));

        output.WriteLine($"model {model.Name}: input {model.Input.Name} {model.Input.Shape}, decoder target {model.Likelihood.DecoderShape}");
        var shapeWidth = Math.Max("output".Length, rows.Max(r => r.Shape.Length));
        output.WriteLine($"{"section",-10}  {"layer",-LayerWidth}  {"output".PadRight(shapeWidth)}  {"parameters",12}");
        foreach (var row in rows)
        {
            output.WriteLine($"{row.Section,-10}  {row.Item,-LayerWidth}  {row.Shape.PadRight(shapeWidth)}  {(row.Parameters is { } count ? Count(count) : "in its C#"),12}");
        }
        var total = $"{"total",-10}  {"",-LayerWidth}  {"".PadRight(shapeWidth)}  {Count(ParameterCount.Of(model)),12}";
        output.WriteLine(rows.Any(r => r.Parameters is null) ? total + " without the custom layers'" : total);
    }

    /// <summary>The items written directly in a section (a block use, a repeat or a residual is one row).</summary>
    private static IEnumerable<LayerUse> WrittenItems(VaeDocument document, CheckedModel model, string section)
    {
        var uses = document.Layers.Where(l => l.Model == model.Name && l.Section == section && !l.InsideBlock).ToList();
        return uses.Where(u => !uses.Any(outer => outer.Span.Start <= u.Span.Start && u.Span.End <= outer.Span.End && outer.Span.Length > u.Span.Length))
            .OrderBy(u => u.Span.Start);
    }

    /// <summary>The item as written, on one line (a body as "{ … }") and cut to the column's width.</summary>
    private static string Written(VaeDocument document, SourceSpan span, string prefix = "")
    {
        var written = document.Text.Substring(span.Start, span.Length);
        var brace = written.IndexOf('{');
        if (brace >= 0) written = written.Substring(0, brace) + "{ … }";
        var text = prefix + string.Join(" ", written.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return text.Length <= LayerWidth ? text : text.Substring(0, LayerWidth - 1) + "…";
    }

    private static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);
}
