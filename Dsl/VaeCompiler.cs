using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using VaeDsl.Dsl.Binding;
using VaeDsl.Dsl.Diagnostics;
using VaeDsl.Dsl.Model;
using VaeDsl.Dsl.Syntax;

namespace VaeDsl.Dsl;

/// <summary>The front end's entry point: text of a .vae file in, checked models and diagnostics out.</summary>
public static class VaeCompiler
{
    /// <summary>Parses and checks one file. Never throws except <see cref="OperationCanceledException"/>:
    /// an internal failure becomes a diagnostic. <c>Models</c> holds only the models without errors.</summary>
    public static CheckedFile Compile(string path, string text, CancellationToken cancellationToken = default) =>
        Compile(path, new SourceText(text ?? ""), cancellationToken, null, out _);

    /// <summary>The same, also handing back the syntax tree (null after an internal failure) and, when
    /// <paramref name="layerUses"/> is given, every layer item with its shapes (for the editor's queries).</summary>
    internal static CheckedFile Compile(string path, SourceText source, CancellationToken cancellationToken, ICollection<LayerUse>? layerUses, out FileSyntax? syntax)
    {
        path ??= "";
        syntax = null;
        var diagnostics = new DiagnosticBag(source);
        var models = new List<CheckedModel>();
        string? namespaceName = null;
        try
        {
            // A NUL never occurs in text: the file is binary (or UTF-16 read as UTF-8), and parsing it would only
            // list garbage.
            var nul = source.Text.IndexOf('\0');
            if (nul >= 0)
            {
                var (line, column) = source.LineColumn(nul);
                diagnostics.Report(DiagnosticDescriptors.NotText, new TextRange(nul, nul + 1), $"it holds a NUL character at {line + 1}:{column + 1}");
                return new CheckedFile(path, null, EquatableArray<CheckedModel>.Empty, diagnostics.Sorted().ToEquatableArray());
            }
            var file = SyntaxParser.Parse(source, diagnostics, cancellationToken);
            syntax = file;
            namespaceName = file.Namespace;
            var namespaceValid = true;
            if (namespaceName is not null)
            {
                foreach (var part in namespaceName.Split('.'))
                {
                    var reason = Identifiers.WhyUnsafeNamespacePart(part);
                    if (reason is null) continue;
                    diagnostics.Report(DiagnosticDescriptors.UnsafeIdentifier, file.NamespaceRange, part, "namespace", reason);
                    namespaceValid = false;
                }
            }
            var blocks = new Dictionary<string, BlockSyntax>();
            foreach (var block in file.Blocks)
            {
                if (!ModelBinder.CheckBlockName(block, diagnostics)) continue;
                if (blocks.ContainsKey(block.Name)) diagnostics.Report(DiagnosticDescriptors.DuplicateName, block.NameRange, "block", block.Name);
                else blocks[block.Name] = block;
            }
            var names = new HashSet<string>();
            var binder = new ModelBinder(source, diagnostics, blocks, cancellationToken, layerUses);
            foreach (var model in file.Models)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!names.Add(model.Name))
                {
                    diagnostics.Report(DiagnosticDescriptors.DuplicateName, model.NameRange, "model", model.Name);
                    continue;
                }
                var checkedModel = binder.Bind(model);
                if (checkedModel is not null) models.Add(checkedModel);
            }
            foreach (var block in blocks.Values.Where(b => !binder.UsedFileBlocks.Contains(b.Name) && diagnostics.ErrorCount == 0))
            {
                diagnostics.Report(DiagnosticDescriptors.UnusedBlock, block.NameRange, block.Name);
            }
            // Errors found outside the binder (syntax inside the model, a bad namespace) also keep a model out.
            // Beyond the reporting limit an error inside a model may be unlisted: then trust no model.
            models.RemoveAll(m => !namespaceValid || diagnostics.Truncated || diagnostics.HasErrorWithin(m.Span));
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A bug in the front end must not take the build down: report it where it cannot be missed.
            diagnostics.Report(DiagnosticDescriptors.InternalError, new TextRange(0, 0), exception.GetType().Name + ": " + exception.Message);
            models.Clear();
        }
        return new CheckedFile(path, namespaceName, models.ToEquatableArray(), diagnostics.Sorted().ToEquatableArray());
    }

    /// <summary>The result for a file that could not be read at all (the disk, a lock, a permission): VAE0008 at its
    /// start, with the system's reason.</summary>
    public static CheckedFile ReadFailed(string path, string reason)
    {
        var diagnostics = new DiagnosticBag(new SourceText(""));
        diagnostics.Report(DiagnosticDescriptors.FileNotRead, new TextRange(0, 0), reason);
        return new CheckedFile(path ?? "", null, EquatableArray<CheckedModel>.Empty, diagnostics.Sorted().ToEquatableArray());
    }

    /// <summary>The result for a file whose bytes are not text (the host found it binary).</summary>
    public static CheckedFile Unreadable(string path, string reason)
    {
        var diagnostics = new DiagnosticBag(new SourceText(""));
        diagnostics.Report(DiagnosticDescriptors.NotText, new TextRange(0, 0), reason);
        return new CheckedFile(path ?? "", null, EquatableArray<CheckedModel>.Empty, diagnostics.Sorted().ToEquatableArray());
    }
}
