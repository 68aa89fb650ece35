using System;
using System.Linq;
using System.Reflection;
using System.Runtime.ExceptionServices;
using VaeDsl.Runtime;
using VaeDsl.Runtime.Runs;
using VaeDsl.Runtime.Training;

namespace VaeDsl.Cli.Training;

/// <summary>
/// One generated model type and its options record, used as an example program uses them: options from the .vae
/// defaults with <c>--epochs</c> and <c>--seed</c> applied, the seed set, the model built, the trainer's settings
/// from the options. Reflection stands in for the program's typed code only because the type is known at run time.
/// </summary>
internal sealed class GeneratedModel
{
    private readonly Type model;
    private readonly Type options;

    private GeneratedModel(Type model, Type options)
    {
        this.model = model;
        this.options = options;
    }

    /// <summary>The model's name, as written after <c>model</c> in the .vae file.</summary>
    public string Name => model.Name;

    public static GeneratedModel From(Type model)
    {
        // The generated constructor takes the options record (with null meaning the .vae defaults).
        var constructor = model.GetConstructors().Single(c => c.GetParameters().Length == 1);
        return new GeneratedModel(model, constructor.GetParameters()[0].ParameterType);
    }

    /// <summary>The model at the .vae file's values, with <paramref name="epochs"/> and <paramref name="seed"/> over
    /// them when given, seeded with the options' seed before its weights are drawn.</summary>
    public TrainingRun.Setup Create(int? epochs, long? seed, string outputDirectory)
    {
        var values = Activator.CreateInstance(options)!;
        if (epochs is int e) Property("Epochs").SetValue(values, e);
        if (seed is long s) Property("Seed").SetValue(values, s);
        Seeding.Set((long)Property("Seed").GetValue(values)!);
        var module = (VaeModule)Unwrapped(() => Activator.CreateInstance(model, values)!);
        var training = (TrainingOptions)Unwrapped(() => options.GetMethod("ToTrainingOptions", [typeof(string)])!.Invoke(values, [outputDirectory])!);
        return new TrainingRun.Setup(module, training) { Name = Name };
    }

    /// <summary>The call's result, or the exception the generated code threw (not reflection's wrapper), so a
    /// model's own error reaches the user as the example program would show it.</summary>
    private static object Unwrapped(Func<object> call)
    {
        try
        {
            return call();
        }
        catch (TargetInvocationException wrapper) when (wrapper.InnerException is { } inner)
        {
            ExceptionDispatchInfo.Capture(inner).Throw();
            throw;
        }
    }

    private PropertyInfo Property(string name) =>
        options.GetProperty(name, BindingFlags.Public | BindingFlags.Instance)
        ?? throw new InvalidOperationException($"the generated {options.Name} has no property {name}");
}
