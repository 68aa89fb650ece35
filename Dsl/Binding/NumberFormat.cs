using System.Globalization;

namespace VaeDsl.Dsl.Binding;

internal static class NumberFormat
{
    public static string Of(double value) =>
        value == System.Math.Floor(value) && System.Math.Abs(value) < 1e15
            ? ((long)value).ToString(CultureInfo.InvariantCulture)
            : value.ToString("R", CultureInfo.InvariantCulture);
}
