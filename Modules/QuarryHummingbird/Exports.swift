@_exported import Hummingbird
