using System.Collections.Generic;
using System.Text;

namespace VaeDsl.Dsl.Binding;

/// <summary>Rules for names that become C# identifiers in generated code. The generator must use
/// <see cref="ToPascalCase"/> for property names so that the checks here cover what it emits.</summary>
public static class Identifiers
{
    private static readonly HashSet<string> CSharpKeywords = new()
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue",
        "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally",
        "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock",
        "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private", "protected",
        "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string",
        "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
        "using", "virtual", "void", "volatile", "while",
        // Contextual keywords: legal identifiers in most places, but they change meaning in some.
        "add", "alias", "allows", "and", "args", "ascending", "async", "await", "by", "descending", "dynamic", "equals",
        "extension", "field", "file", "from", "get", "global", "group", "init", "into", "join", "let", "managed", "nameof",
        "nint", "not", "notnull", "nuint", "on", "or", "orderby", "partial", "record", "remove", "required", "scoped",
        "select", "set", "unmanaged", "value", "var", "when", "where", "with", "yield",
    };

    // Root namespaces the generated code refers to: a type of the same name would shadow them.
    private static readonly HashSet<string> ReservedTypeNames = new() { "System", "TorchSharp", "Microsoft", "VaeDsl", "Global" };

    // Members the generated model class declares: C# forbids a member named like its class (CS0542).
    private static readonly HashSet<string> ModelMemberNames = new()
    {
        "Encode", "Decode", "Forward", "Loss", "ComputeLoss", "Reconstruct", "Sample", "PosteriorMean",
        "EstimateLogLikelihood", "LogJoint", "Joint", "Options", "InputShape", "DefaultInputShape", "DefaultLatentSizes",
        "DefaultParameterCount", "ConditionSize", "UsesCondition",
    };

    /// <summary>Names a latent cannot take: the generated module's own submodules and members, the members of a
    /// TorchSharp module it would hide, and the properties of the generated records.</summary>
    private static readonly HashSet<string> ReservedLatentNames = new()
    {
        "encoder", "decoder", "likelihood", "log_scale", "posterior", "logits", "mean", "location", "options", "total",
        "train", "eval", "training", "forward", "parameters", "named_parameters", "buffers", "named_buffers", "children",
        "named_children", "modules", "named_modules", "state_dict", "load_state_dict", "to", "cpu", "cuda", "apply",
        "zero_grad", "half", "bfloat16", "name", "register_buffer", "register_parameter", "register_module", "get_buffer",
        "get_parameter", "get_submodule", "save", "load", "equals", "get_hash_code", "to_string", "deconstruct",
        "print_members", "equality_contract", "clone", "get_type", "dispose", "finalize",
    };

    /// <summary>Parameters of the generated methods in which latents are named too (<c>Forward(x, condition,
    /// progress)</c> holds a local per latent, <c>Decode</c> a parameter per latent, a teacher-forced model's Sample and Reconstruct a lambda of <c>tokens</c>). Every other parameter, local and
    /// member the generator writes is out of reach of .vae names: members are referred to through <c>this.</c>, and
    /// the condition's parameter is always <c>condition</c>.</summary>
    public static IReadOnlyCollection<string> GeneratedParameterNames => GeneratedParameters;

    private static readonly HashSet<string> GeneratedParameters = new() { "x", "condition", "progress", "tokens" };

    /// <summary>Why a latent name would clash in generated code, or null. Latents name fields and state_dict keys of
    /// the generated module (<c>z.mean.weight</c>), so they are lowercase.</summary>
    /// <param name="latents">The names of the model's latents (this one among them).</param>
    public static string? WhyUnsafeLatent(string name, ISet<string> latents, string model = "")
    {
        foreach (var c in name)
        {
            if (c >= 'A' && c <= 'Z') return "latent names are lowercase (they name fields and state_dict keys of the generated module)";
        }
        if (ReservedLatentNames.Contains(name)) return "the generated module already has a member or submodule of that name";
        if (System.Linq.Enumerable.Contains(Catalog.ConstructCatalog.RecordMemberNames, ToPascalCase(name))) return $"its property name {ToPascalCase(name)} is a member of every C# record";
        if (ToPascalCase(name) == model + "Posterior" || ToPascalCase(name) == model + "Output")
        {
            return $"its property name {ToPascalCase(name)} is the name of the generated record that holds it";
        }
        if (GeneratedParameters.Contains(name)) return "it is a parameter of the generated methods (Forward(x, condition, progress))";
        const string suffix = "_prior";
        if (!name.EndsWith(suffix, System.StringComparison.Ordinal)) return null;
        var other = name.Substring(0, name.Length - suffix.Length);
        return latents.Contains(other) ? $"it is the name of the prior module of latent '{other}'" : null;
    }

    public static bool IsCSharpKeyword(string name) => CSharpKeywords.Contains(name);

    /// <summary><c>hidden</c> → <c>Hidden</c>, <c>hidden_size</c> → <c>HiddenSize</c>, <c>z</c> → <c>Z</c>.</summary>
    public static string ToPascalCase(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var part in name.Split('_'))
        {
            if (part.Length == 0) continue;
            builder.Append(char.ToUpperInvariant(part[0]));
            builder.Append(part, 1, part.Length - 1);
        }
        return builder.ToString();
    }

    /// <summary>Why <paramref name="name"/> is unsafe in generated code, or null when it is fine. A type name
    /// must not hide a root namespace; a member name is checked both as written and in PascalCase.</summary>
    public static string? WhyUnsafe(string name, bool isTypeName) => WhyUnsafe(name, isTypeName, isNamespacePart: false);

    /// <summary>The rules for one dotted part of a namespace: no keywords, no leading or doubled underscores.</summary>
    public static string? WhyUnsafeNamespacePart(string part) => WhyUnsafe(part, false, isNamespacePart: true);

    private static string? WhyUnsafe(string name, bool isTypeName, bool isNamespacePart)
    {
        foreach (var c in name)
        {
            if (c > 127) return null; // reported once as VAE0004 by the parser
        }
        if (CSharpKeywords.Contains(name)) return "it is a C# keyword";
        if (name.StartsWith("_", System.StringComparison.Ordinal)) return "names must start with a letter";
        if (name.Contains("__")) return "names containing '__' are reserved for generated code";
        // C# reserves all-lowercase type names for keywords (CS8981), and the generated class's fields and submodules
        // (encoder, z, z_prior, log_scale, klWarmup) start with a lowercase letter.
        if (isTypeName && !(name[0] >= 'A' && name[0] <= 'Z')) return "a model name is a C# type name and starts with an uppercase letter";
        if (isTypeName && ReservedTypeNames.Contains(name)) return "it would hide the namespace " + name + " in generated code";
        if (isTypeName && ModelMemberNames.Contains(name)) return "the generated class has a member " + name + ", and a C# class cannot share its name with a member";
        if (!isTypeName && !isNamespacePart && ReservedTypeNames.Contains(ToPascalCase(name))) return "its property name " + ToPascalCase(name) + " would hide a namespace in generated code";
        return null;
    }
}
