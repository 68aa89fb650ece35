namespace VaeDsl.Runtime { public static class Placeholder {} }
