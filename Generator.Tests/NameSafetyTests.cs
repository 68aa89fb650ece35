using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using System.Text.RegularExpressions;
using VaeDsl.Dsl;
using VaeDsl.Dsl.Binding;
using VaeDsl.Dsl.Catalog;
using VaeDsl.Dsl.Model;
using VaeDsl.Generator.Tests.Infrastructure;
using Xunit;

namespace VaeDsl.Generator.Tests;

/// <summary>
/// Whatever a .vae file names its model, namespace, input, condition, latents and hyper-parameters, the build either
/// refuses the model with a located VAE error or compiles the generated code without a warning, and the generated code
/// means what the file says: every member of the generated class is referred to through <c>this.</c>, so no name of the
/// file can hide one. The hostile names are every name the generator itself writes for the templates below (fields,
/// locals, parameters, members, record names, the members the generated types inherit), in every place of the file
/// that names something.
/// </summary>
public sealed class NameSafetyTests
{
    /// <summary>Models that together reach every part of the emitter: conditions of both kinds, every likelihood with a
    /// learned parameter, priors with modules (learned, mixture, VampPrior), relaxed latents, every loss term and
    /// schedule, every optimizer. Placeholders: <c>Ns</c>, <c>Model</c>, <c>input</c>, <c>cond</c>, <c>latent</c>,
    /// <c>hyper</c>.</summary>
    public static readonly TheoryData<string> Templates = new()
    {
        """
        namespace $Ns
        model $Model {
          input $input: [8]
          condition $cond: vector(2)
          hyper $hyper = 16
          encoder { linear($hyper) relu residual { linear($hyper) } }
          latent $latent ~ Normal(2)
          latent w ~ Normal(3)
          prior w ~ LearnedNormal
          decoder { linear(8) }
          likelihood Laplace(scale: learned)
          loss = recon + kl + tc + mmd  warmup(kl, epochs: 2)  cyclical(tc, cycles: 2)
          train { optimizer: adamw(lr: 1e-3), schedule: cosine(warmup: 1) }
        }
        """,
        """
        namespace $Ns
        model $Model {
          input $input: [8]
          condition $cond: onehot(3)
          hyper $hyper = 16
          encoder { linear($hyper) relu }
          latent $latent ~ Categorical(4, groups: 2)
          latent b ~ Bernoulli(3)
          decoder { linear(8) }
          likelihood Gaussian(variance: learned, per: element)
          loss = recon + kl  capacity(kl, max: 5, epochs: 4)
          train { optimizer: sgd(lr: 0.01, momentum: 0.9, nesterov: true), schedule: step }
        }
        """,
        """
        namespace $Ns
        model $Model {
          input $input: [8]
          hyper $hyper = 16
          encoder { linear($hyper) relu }
          latent $latent ~ Normal(2)
          prior $latent ~ VampPrior(pseudo_inputs: 3)
          latent w ~ Normal(2)
          prior w ~ MixtureOfGaussians(components: 2)
          decoder { linear(8) }
          likelihood Bernoulli
          loss = iwae(k: 2)
          train { optimizer: rmsprop(lr: 0.01) }
        }
        """,
        """
        namespace $Ns
        model $Model {
          input $input: [8]
          hyper $hyper = 16
          encoder { linear($hyper) relu }
          latent $latent ~ Normal(2)
          decoder { linear(8) }
          likelihood Laplace(scale: learned)
          loss = recon + $hyper * kl  free_bits(kl, nats: 0.1)
          train { optimizer: adam(lr: 1e-3) }
        }
        """,
    };

    [Theory]
    [MemberData(nameof(Templates))]
    public void Every_name_the_generator_writes_is_refused_with_a_located_error_or_compiles_cleanly_in_every_place(string template)
    {
        var names = NamesWrittenFor(template);
        Assert.True(names.Count > 100, $"only {names.Count} names collected");
        var plain = Tokens(Generated(Fill(template)));

        // One file per name and place, generated (not compiled): a refusal must be a located front-end error. Each
        // file has a namespace of its own, so that models do not clash with each other (that is tested apart).
        var single = new List<(string Slot, string Name, string Path, string Text)>();
        foreach (var slot in new[] { "Ns", "Model", "input", "cond", "latent", "hyper" }.Where(slot => template.Contains("$" + slot)))
        {
            foreach (var name in names)
            {
                var number = single.Count;
                var text = slot == "Ns" ? Fill(template, ("Ns", name), ("Model", "Plain" + number)) : Fill(template, (slot, name), ("Ns", "N" + number));
                single.Add((slot, name, $"/p/{slot}/{number}.vae", text));
            }
        }
        var (result, _) = GeneratorHarness.Run(single.Select(f => (f.Path, f.Text)).ToArray());
        AssertRefusalsAreLocatedFrontEndErrors(result);
        var refused = Refused(result);
        var accepted = single.Where(f => !refused.Contains(f.Path)).ToList();

        // A hyper-parameter name is refused only for a documented reason: unsafe C# (a keyword, `__`), a loss term, or
        // a property of the options record other than the hyper-parameters, which the catalogue lists in one place.
        // The names of the training settings the generator writes (alpha, beta1, nesterov, epochs, …) are all legal.
        foreach (var file in single.Where(f => f.Slot == "hyper" && refused.Contains(f.Path)))
        {
            var pascal = Identifiers.ToPascalCase(file.Name);
            Assert.True(Identifiers.WhyUnsafe(file.Name, isTypeName: false) is not null
                || ConstructCatalog.Find(ConstructKind.LossTerm, file.Name) is not null
                || ConstructCatalog.FindReservedOptionProperty(pascal) is not null
                || pascal == "PlainOptions", $"hyper-parameter '{file.Name}' is refused, but no documented rule reserves it");
        }
        foreach (var setting in new[] { "alpha", "beta1", "beta2", "nesterov", "epochs", "seed", "learning_rate", "batch_size" }.Where(names.Contains))
        {
            Assert.Contains(accepted, f => f.Slot == "hyper" && f.Name == setting);
        }
        Assert.Equal(accepted.Count, GeneratorHarness.ModelTrees(result).Count());
        Assert.True(accepted.Count > single.Count / 3, $"only {accepted.Count} of {single.Count} files were accepted");

        // The namespace, the input's and the condition's names do not reach the code: it is the plain model's, token
        // for token, outside the namespace line and the comments.
        var trees = GeneratorHarness.ModelTrees(result).ToDictionary(t => System.IO.Path.GetFileName(t.FilePath));
        foreach (var file in accepted.Where(f => f.Slot is "input" or "cond"))
        {
            var number = file.Path.Split('/').Last().Split('.')[0];
            Assert.True(Tokens(trees[$"N{number}.Plain.g.cs"]) == plain, $"{file.Slot} {file.Name}: the generated code differs from the plain model's");
        }

        // Models, latents and hyper-parameters do reach it: compile every accepted model name, a sample of the
        // namespaces, one model with every accepted latent and one with every accepted hyper-parameter.
        var compiled = accepted.Where(f => f.Slot == "Model").Concat(accepted.Where(f => f.Slot == "Ns").Take(5)).Select(f => (f.Path, f.Text)).ToList();
        compiled.Add(("/p/latents.vae", Many(template, "latent", accepted.Where(f => f.Slot == "latent").Select(f => f.Name))));
        compiled.Add(("/p/hypers.vae", Many(template, "hyper", accepted.Where(f => f.Slot == "hyper").Select(f => f.Name))));
        var (together, output) = GeneratorHarness.Run(compiled.ToArray());
        Assert.True(together.Diagnostics.All(d => d.Severity < DiagnosticSeverity.Error), string.Join("\n", together.Diagnostics.Take(20)));
        Assert.Equal(compiled.Count, GeneratorHarness.ModelTrees(together).Count());
        GeneratorHarness.AssertNoWarnings(output);
        // Every model of a template has the same code up to its names, so the many-latent and many-hyper-parameter
        // models stand for all of them here.
        foreach (var tree in together.GeneratedTrees.Where(t => t.FilePath.EndsWith("Latents.Plain.g.cs", StringComparison.Ordinal) || t.FilePath.EndsWith("Hypers.Plain.g.cs", StringComparison.Ordinal)))
        {
            AssertMembersAreReachedThroughThis(output, tree);
        }
    }

    [Theory]
    [InlineData("adam(lr: 1e-3, beta1: 0.8, beta2: 0.99)", "Beta1 = 0.8,")]
    [InlineData("sgd(lr: 0.01, momentum: 0.9, nesterov: true)", "Nesterov = true,")]
    [InlineData("rmsprop(lr: 0.01, alpha: 0.9)", "Alpha = 0.9,")]
    public void Hyper_parameters_named_like_training_settings_compile_beside_them(string optimizer, string setting)
    {
        // alpha (InfoVAE's), beta1, beta2 and nesterov used to be refused (VAE0110) as properties of the options record;
        // the settings now sit in a record of their own, options.Train.
        var text = $$"""
            model InfoVae {
              input x: [8]
              hyper alpha = 0.5, beta1 = 2, beta2 = 3, nesterov = 4, epochs = 5, seed = 6, momentum = 7.0, learning_rate = 8.0, batch_size = 9
              encoder { linear(beta1 + beta2 + nesterov + epochs + seed + batch_size) relu }
              latent z ~ Normal(2)
              decoder { linear(8) }
              likelihood Bernoulli
              loss = recon + alpha * momentum * learning_rate * kl
              train { optimizer: {{optimizer}}, epochs: epochs, seed: seed }
            }
            """;
        var (result, output) = GeneratorHarness.Run(("/p/info.vae", text));
        Assert.Empty(result.Diagnostics);
        GeneratorHarness.AssertNoWarnings(output);
        var code = Assert.Single(result.GeneratedTrees).ToString();
        Assert.Contains("public double Alpha { get; init; } = 0.5;", code);
        Assert.Contains("public int Beta1 { get; init; } = 2;", code);
        Assert.Contains("public int Nesterov { get; init; } = 4;", code);
        Assert.Contains("public int Epochs { get; init; } = 5;", code);
        Assert.Contains("public global::VaeDsl.Runtime.Training.TrainingOptions Train { get; init; } = new()", code);
        Assert.Contains(setting, code);
        Assert.Contains("Epochs = 5,", code);
        Assert.Contains("Seed = 6,", code);
    }

    [Fact]
    public void A_condition_named_like_a_private_field_does_not_replace_the_field()
    {
        // The condition used to be the parameter log_scale and hid the learned scale: the loss compiled, and the
        // learned scale was never used.
        const string text = """
            model Robust {
              input x: [8]
              condition log_scale: vector(1)
              encoder { linear(16) relu }
              latent z ~ Normal(2)
              decoder { linear(8) }
              likelihood Laplace(scale: learned)
              loss = recon + kl
            }
            """;
        var (result, output) = GeneratorHarness.Run(("/p/robust.vae", text));
        Assert.Empty(result.Diagnostics);
        GeneratorHarness.AssertNoWarnings(output);

        var tree = Assert.Single(result.GeneratedTrees);
        var semantics = output.GetSemanticModel(tree);
        // The likelihood reads the learned log-scale through the field, and every log p(x|z) is the likelihood field's.
        var scales = tree.GetRoot().DescendantNodes().OfType<IdentifierNameSyntax>().Where(n => n.Identifier.ValueText == "log_scale").ToList();
        Assert.NotEmpty(scales);
        Assert.All(scales, name => Assert.Equal(SymbolKind.Field, semantics.GetSymbolInfo(name).Symbol?.Kind));
        var logProbs = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Where(call => call.Expression.ToString() == "this.likelihood.LogProb")
            .ToList();
        Assert.NotEmpty(logProbs);
        Assert.All(logProbs, call =>
        {
            var receiver = ((MemberAccessExpressionSyntax)((MemberAccessExpressionSyntax)call.Expression).Expression).Name;
            Assert.Equal(SymbolKind.Field, semantics.GetSymbolInfo(receiver).Symbol?.Kind);
        });
    }

    [Theory]
    [InlineData("encoder")]
    [InlineData("decoder")]
    [InlineData("z_prior")]
    [InlineData("klWarmup")]
    [InlineData("Encode")]
    [InlineData("Forward")]
    [InlineData("LogJoint")]
    public void A_condition_named_like_a_member_of_the_class_compiles_cleanly(string name)
    {
        var text = $$"""
            model Conditional {
              input x: [8]
              condition {{name}}: onehot(3)
              encoder { linear(16) relu }
              latent z ~ Normal(2)
              prior z ~ LearnedNormal
              decoder { linear(8) }
              likelihood Bernoulli
              loss = recon + kl  warmup(kl, epochs: 2)
            }
            """;
        var (result, output) = GeneratorHarness.Run(("/p/conditional.vae", text));
        Assert.Empty(result.Diagnostics);
        GeneratorHarness.AssertNoWarnings(output);
    }

    [Theory]
    [InlineData("vae", "a model name is a C# type name and starts with an uppercase letter")]
    [InlineData("encoder", "a model name is a C# type name and starts with an uppercase letter")]
    [InlineData("z", "a model name is a C# type name and starts with an uppercase letter")]
    [InlineData("z_prior", "a model name is a C# type name and starts with an uppercase letter")]
    [InlineData("klWarmup", "a model name is a C# type name and starts with an uppercase letter")]
    [InlineData("log_scale", "a model name is a C# type name and starts with an uppercase letter")]
    [InlineData("Encode", "the generated class has a member Encode, and a C# class cannot share its name with a member")]
    public void A_model_named_like_a_member_of_its_class_or_in_lowercase_is_refused_at_its_name(string name, string reason)
    {
        var text = $$"""
            model {{name}} {
              input x: [8]
              encoder { linear(16) relu }
              latent z ~ Normal(2)
              prior z ~ VampPrior(pseudo_inputs: 3)
              decoder { linear(8) }
              likelihood Laplace(scale: learned)
              loss = recon + kl  warmup(kl, epochs: 2)
            }
            """;
        var (result, _) = GeneratorHarness.Run(("/p/named.vae", text));
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal("VAE0110", error.Id);
        Assert.Equal($"'{name}' cannot be used as a model name: {reason}", error.GetMessage());
        Assert.Equal(new LinePosition(0, 6), error.Location.GetLineSpan().StartLinePosition);
        Assert.Empty(GeneratorHarness.ModelTrees(result));
    }

    /// <summary>The template with the given places named as given and the others named plainly.</summary>
    private static string Fill(string template, params (string Slot, string Name)[] named)
    {
        var names = new Dictionary<string, string>
        {
            ["Ns"] = "Hostile", ["Model"] = "Plain", ["input"] = "x", ["cond"] = "y", ["latent"] = "z", ["hyper"] = "hidden",
        };
        foreach (var (slot, name) in named) names[slot] = name;
        return Regex.Replace(template, @"\$([A-Za-z]+)", match => names[match.Groups[1].Value]);
    }

    /// <summary>The template with one latent or hyper-parameter per name instead of the one of <paramref name="slot"/>,
    /// minus the names the front end refuses together (a duplicate PascalCase form, <c>z_prior</c> beside <c>z</c>).</summary>
    private static string Many(string template, string slot, IEnumerable<string> candidates)
    {
        var names = candidates.GroupBy(Identifiers.ToPascalCase).Select(g => g.First()).Where(n => n is not ("w" or "b")).ToList();
        for (var round = 0; ; round++)
        {
            var text = slot == "latent" ? ManyLatents(template, names) : ManyHypers(template, names);
            var file = VaeCompiler.Compile("/p/many.vae", text, System.Threading.CancellationToken.None);
            if (file.Models.Count == 1 || round == 10) return text;
            var clashing = file.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => text.Substring(d.Span.Start, d.Span.Length)).ToList();
            names.RemoveAll(n => clashing.Any(c => Regex.IsMatch(c, $@"\b{n}\b")));
        }
    }

    private static string ManyLatents(string template, IReadOnlyList<string> names)
    {
        var lines = Fill(template, ("latent", "$latent"), ("Ns", "Latents")).Split('\n');
        var latentLines = lines.Where(l => l.Contains(" $latent ")).ToList();
        return string.Join("\n", lines.SelectMany(line => line == latentLines[0]
            ? names.SelectMany(n => latentLines.Select(l => l.Replace("$latent", n)))
            : latentLines.Contains(line) ? Enumerable.Empty<string>() : new[] { line }));
    }

    private static string ManyHypers(string template, IReadOnlyList<string> names) =>
        // Each hyper-parameter is 1 and every one is used: the layer width is their sum.
        Fill(template.Replace("$Ns", "Hypers")
            .Replace("hyper $hyper = 16", "hyper " + string.Join(", ", names.Select(n => n + " = 1")))
            .Replace("linear($hyper)", $"linear({string.Join(" + ", names)})")
            .Replace("$hyper * kl", $"{names[0]} * kl"));

    /// <summary>The one generated tree for <paramref name="text"/>.</summary>
    private static SyntaxTree Generated(string text)
    {
        var (result, _) = GeneratorHarness.Run(("/p/plain.vae", text));
        Assert.Empty(result.Diagnostics);
        return Assert.Single(result.GeneratedTrees);
    }

    /// <summary>The tokens of a generated file after its namespace declaration, without trivia (comments).</summary>
    private static string Tokens(SyntaxTree tree)
    {
        var root = tree.GetRoot();
        var start = root.DescendantNodes().OfType<FileScopedNamespaceDeclarationSyntax>().Single().SemicolonToken.Span.End;
        return string.Join(" ", root.DescendantTokens().Where(t => t.SpanStart >= start).Select(t => t.Text));
    }

    private static void AssertRefusalsAreLocatedFrontEndErrors(GeneratorDriverRunResult result) => Assert.All(result.Diagnostics, d =>
    {
        Assert.Matches("^VAE0[0-9]{3}$", d.Id);
        Assert.Equal(LocationKind.ExternalFile, d.Location.Kind);
    });

    /// <summary>The files with an error.</summary>
    private static HashSet<string> Refused(GeneratorDriverRunResult result) =>
        result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Location.GetLineSpan().Path).ToHashSet();

    /// <summary>Every identifier in the code generated for the template with plain names, the names of the members the
    /// generated types declare or inherit, and the .vae spellings that map to them (<c>learning_rate</c> for
    /// <c>LearningRate</c>); only the ones a .vae name can spell.</summary>
    private static IReadOnlyList<string> NamesWrittenFor(string template)
    {
        var (result, output) = GeneratorHarness.Run(("/p/plain.vae", Fill(template)));
        Assert.Empty(result.Diagnostics);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var tree in result.GeneratedTrees)
        {
            foreach (var token in tree.GetRoot().DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)))
            {
                names.Add(token.ValueText);
            }
            var semantics = output.GetSemanticModel(tree);
            foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<BaseTypeDeclarationSyntax>())
            {
                for (var type = semantics.GetDeclaredSymbol(declaration); type is not null; type = type.BaseType)
                {
                    foreach (var member in type.GetMembers().Where(m => m.CanBeReferencedByName))
                    {
                        names.Add(member.Name);
                    }
                }
            }
        }
        foreach (var name in names.ToList())
        {
            names.Add(Snake(name));
        }
        names.RemoveWhere(name => !Regex.IsMatch(name, "^[A-Za-z][A-Za-z0-9_]*$"));
        return names.ToList();
    }

    /// <summary><c>LearningRate</c> → <c>learning_rate</c>.</summary>
    private static string Snake(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));

    /// <summary>Fails where generated code names an instance member of its own class by a simple name: a parameter or
    /// local of the same name would then be used instead, silently.</summary>
    private static void AssertMembersAreReachedThroughThis(Compilation compilation, SyntaxTree tree)
    {
        var semantics = compilation.GetSemanticModel(tree);
        foreach (var identifier in tree.GetRoot().DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier) continue;
            if (identifier.Parent is NameColonSyntax or NameEqualsSyntax) continue;
            if (identifier.Parent is AssignmentExpressionSyntax { Parent: InitializerExpressionSyntax } initializer && initializer.Left == identifier) continue;
            var symbol = semantics.GetSymbolInfo(identifier).Symbol;
            if (symbol is IFieldSymbol or IPropertySymbol or IMethodSymbol && !symbol.IsStatic
                && symbol.ContainingType is { } owner && semantics.GetEnclosingSymbol(identifier.SpanStart)?.ContainingType is { } enclosing
                && enclosing.InheritsFromOrEquals(owner))
            {
                Assert.Fail($"{tree.FilePath}: '{identifier}' at {identifier.GetLocation().GetLineSpan().StartLinePosition} names a member without this.");
            }
        }
    }
}

internal static class TypeSymbolExtensions
{
    public static bool InheritsFromOrEquals(this INamedTypeSymbol type, INamedTypeSymbol other)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, other)) return true;
        }
        return false;
    }
}
