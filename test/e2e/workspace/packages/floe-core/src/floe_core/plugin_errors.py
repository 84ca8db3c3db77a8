class PluginError(Exception):
    pass


class PluginIncompatibleError(PluginError):
    def __init__(self, name, required_version, platform_version):
        self.name = name
        self.required_version = required_version
        self.platform_version = platform_version
        super().__init__(f"Plugin '{name}' requires API v{required_version}, but platform provides v{platform_version}")
