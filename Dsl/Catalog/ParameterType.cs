namespace VaeDsl.Dsl.Catalog;

/// <summary>What a parameter's value is written as.</summary>
public enum ParameterType
{
    /// <summary>An integer expression.</summary>
    Integer,

    /// <summary>A numeric expression (an integer is taken as a number).</summary>
    Number,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>One of the parameter's <see cref="ConstructParameter.Words"/>.</summary>
    Word,

    /// <summary>A number or one of the parameter's <see cref="ConstructParameter.Words"/> (e.g. <c>variance: learned</c>).</summary>
    NumberOrWord,

    /// <summary>A construct of the kind <see cref="ConstructParameter.Takes"/> (e.g. <c>optimizer: adam(lr: 1e-3)</c>).</summary>
    Construct,
}

/// <summary>The values a numeric parameter accepts.</summary>
public enum ValueRange
{
    /// <summary>Any finite number.</summary>
    Any,

    /// <summary>Greater than 0.</summary>
    Positive,

    /// <summary>At least 1.</summary>
    AtLeastOne,

    /// <summary>At least 2.</summary>
    AtLeastTwo,

    /// <summary>At least 0.</summary>
    NonNegative,

    /// <summary>In [0, 1).</summary>
    Probability,

    /// <summary>In [0, 1].</summary>
    UnitInterval,

    /// <summary>In (0, 1].</summary>
    OpenUnitInterval,
}
