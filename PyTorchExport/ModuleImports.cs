using System.Collections.Generic;
using System.Linq;

namespace VaeDsl.PyTorchExport;

/// <summary>The names the generated models take from the package's own modules, collected while they are written, so
/// the file imports exactly what it uses.</summary>
internal sealed class ModuleImports
{
    private readonly SortedDictionary<string, SortedSet<string>> names = new(System.StringComparer.Ordinal);

    public bool Math { get; private set; }

    public bool Functional { get; private set; }

    /// <summary>Records that <paramref name="name"/> comes from the package's module <paramref name="module"/>; returns the name.</summary>
    public string Name(string module, string name)
    {
        if (!names.TryGetValue(module, out var set)) names[module] = set = new SortedSet<string>(System.StringComparer.Ordinal);
        set.Add(name);
        return name;
    }

    public string UseMath(string text)
    {
        Math = true;
        return text;
    }

    public string UseFunctional(string text)
    {
        Functional = true;
        return text;
    }

    public void Write(PythonWriter w)
    {
        if (Math) w.Line("import math");
        if (Math) w.Line();
        w.Line("import torch");
        w.Line("from torch import nn");
        if (Functional) w.Line("from torch.nn import functional as F");
        w.Line();
        foreach (var (module, set) in names)
        {
            w.Line($"from .{module} import {string.Join(", ", set)}");
        }
    }

    public IEnumerable<string> Modules => names.Keys.ToList();
}
