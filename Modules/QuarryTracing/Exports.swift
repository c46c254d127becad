// `InstrumentationSystem`, `Tracer`, `withSpan` come with QuarryTracing.
@_exported import Tracing
