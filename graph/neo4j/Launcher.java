// Starts Neo4j 5.26 community with Bolt and HTTP (Neo4j Browser) on 127.0.0.1, data in a folder,
// auth off for local use; runs in the foreground until stopped.
//
//   java -cp "$(cat target/classpath.txt)" Launcher.java --bolt-port 7687 --http-port 7474 --data var/neo4j
//
// Prints one line "policykg-neo4j ready bolt://… http://…/browser/" when it answers.
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.neo4j.server.CommunityBootstrapper;

public class Launcher {
    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>(Map.of(
                "--bolt-port", "7687", "--http-port", "7474", "--data", "var/neo4j",
                "--post-connect", "", "--allow-host", "localhost,127.0.0.1"));
        for (int i = 0; i < args.length; i++) {
            if (!opts.containsKey(args[i]) || i + 1 >= args.length) {
                System.err.println("usage: Launcher [--bolt-port P] [--http-port P] [--data DIR] [--post-connect CMD] [--allow-host H,H]");
                System.exit(2);
            }
            opts.put(args[i], args[++i]);
        }
        String bolt = "127.0.0.1:" + opts.get("--bolt-port");
        String http = "127.0.0.1:" + opts.get("--http-port");
        Path home = Path.of(opts.get("--data")).toAbsolutePath();
        Files.createDirectories(home);

        Map<String, String> config = new HashMap<>();
        config.put("server.bolt.enabled", "true");
        config.put("server.bolt.listen_address", bolt);
        config.put("server.bolt.advertised_address", bolt);
        config.put("server.http.enabled", "true");
        config.put("server.http.listen_address", http);
        config.put("server.http.advertised_address", http);
        config.put("server.https.enabled", "false");
        config.put("dbms.security.auth_enabled", "false");
        config.put("server.directories.data", home.resolve("data").toString());
        config.put("server.directories.logs", home.resolve("logs").toString());
        config.put("server.directories.run", home.resolve("run").toString());
        config.put("server.directories.import", home.resolve("import").toString());
        config.put("server.memory.pagecache.size", "256m");
        config.put("db.tx_log.rotation.retention_policy", "2 files");
        // policykg writes a reload in transactions of a few thousand rows (a new generation beside the
        // current one), so no write holds the corpus; large read answers (lineage at thousands of
        // documents) may still use more than the default share of the heap
        config.put("dbms.memory.transaction.total.max", "0");
        config.put("db.memory.transaction.max", "0");
        config.put("dbms.usage_report.enabled", "false");
        config.put("browser.remote_content_hostname_whitelist", opts.get("--allow-host"));
        if (!opts.get("--post-connect").isEmpty()) {
            config.put("browser.post_connect_cmd", opts.get("--post-connect"));
        }

        CommunityBootstrapper server = new CommunityBootstrapper();
        int status = server.start(home, config);
        if (status != 0) {
            System.err.println("policykg-neo4j failed to start (status " + status + "); see " + home.resolve("logs"));
            System.exit(status);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        System.out.println("policykg-neo4j ready bolt://" + bolt + " http://" + http + "/browser/");
        System.out.flush();
        Thread.currentThread().join();
    }
}
