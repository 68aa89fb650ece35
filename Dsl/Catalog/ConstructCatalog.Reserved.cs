using System.Collections.Generic;
using System.Linq;

namespace VaeDsl.Dsl.Catalog;

/// <summary>A property name a generated options record declares itself, so a hyper-parameter cannot take it.</summary>
/// <param name="Property">The C# name (a hyper-parameter <c>train</c> would be the property <c>Train</c>).</param>
/// <param name="Meaning">What the member is, as an error message says it: "the training settings".</param>
public sealed record ReservedName(string Property, string Meaning);

public static partial class ConstructCatalog
{
    /// <summary>The property of a generated options record that holds the training settings (<c>MOptions.Train</c>,
    /// a <c>TrainingOptions</c>). Hyper-parameters are the record's other properties, so their names never meet the
    /// settings' names (<c>alpha</c>, <c>beta1</c>, <c>epochs</c> are all free).</summary>
    public const string TrainingProperty = "Train";

    /// <summary>The members every C# record has (those of <c>object</c> and the ones the compiler writes): no property
    /// of a generated record (a hyper-parameter, a latent's posterior or sample) may take one of these names.</summary>
    public static IReadOnlyList<string> RecordMemberNames { get; } = new[]
    {
        "EqualityContract", "Equals", "GetHashCode", "ToString", "PrintMembers", "Deconstruct", "GetType", "MemberwiseClone",
        "Finalize", "ReferenceEquals",
    };

    /// <summary>The one list of names a hyper-parameter cannot take as its property name: the members of the generated
    /// options record that are not hyper-parameters. docs/language.md lists them (a test holds it to this list).</summary>
    public static IReadOnlyList<ReservedName> ReservedOptionProperties { get; } =
        new[] { new ReservedName(TrainingProperty, "the training settings") }
            .Concat(RecordMemberNames.Select(name => new ReservedName(name, "a member of every C# record")))
            .ToArray();

    /// <summary>The reserved member of the options record called <paramref name="property"/>, or null.</summary>
    public static ReservedName? FindReservedOptionProperty(string property) =>
        ReservedOptionProperties.FirstOrDefault(r => r.Property == property);
}
