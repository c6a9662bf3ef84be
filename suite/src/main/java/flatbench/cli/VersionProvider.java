package flatbench.cli;

import picocli.CommandLine;

final class VersionProvider implements CommandLine.IVersionProvider {
    @Override public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"flatbench " + (v == null ? "(development build)" : v),
                "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
    }
}
