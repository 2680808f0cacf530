// Every published tsstore module has what a release to Maven Central needs, as `./mvnw -B verify` built it:
// a main jar with an Automatic-Module-Name, a -sources.jar and a -javadoc.jar, every archive entry at the
// fixed project.build.outputTimestamp (reproducible builds), and a complete POM.
// Variables from ts-it's pom: tsstoreRoot, tsstoreVersion, outputTimestamp.
import java.time.Instant
import java.time.LocalDateTime
import java.time.ZoneOffset
import java.util.jar.JarFile
import javax.xml.parsers.DocumentBuilderFactory

def root = new File(tsstoreRoot).canonicalFile
def parse = { File f -> DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(f).documentElement }
def child = { el, String name -> (0..<el.childNodes.length).collect { el.childNodes.item(it) }.find { it.nodeName == name } }
def text = { el, String path ->
    def node = el
    for (String part : path.split('/')) { node = node == null ? null : child(node, part) }
    node?.textContent?.trim()
}

// reproducible builds: the timestamp is set, and is a fixed instant rather than a build-time expression
assert outputTimestamp ==~ /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/ : "project.build.outputTimestamp is '${outputTimestamp}'"
def expectedTime = LocalDateTime.ofInstant(Instant.parse(outputTimestamp), ZoneOffset.UTC)

// a complete POM: the parent carries what every module inherits; the BOM has no parent, so carries it too
def rootPom = parse(new File(root, 'pom.xml'))
for (pom in [rootPom, parse(new File(root, 'ts-bom/pom.xml'))]) {
    ['name', 'description', 'url', 'licenses/license/name', 'licenses/license/url', 'scm/url', 'scm/connection',
     'developers/developer/name'].each { path ->
        assert text(pom, path) : "${text(pom, 'artifactId')}: <${path}> is missing from the POM"
    }
}
assert text(parse(new File(root, 'ts-bom/pom.xml')), 'properties/project.build.outputTimestamp') : 'ts-bom: no outputTimestamp'

def modulesEl = child(rootPom, 'modules')
def modules = (0..<modulesEl.childNodes.length).collect { modulesEl.childNodes.item(it) }
        .findAll { it.nodeName == 'module' }.collect { it.textContent.trim() }
// published: every jar module of the reactor but those that opt out of deployment (benchmarks, these tests)
def published = modules.findAll { module ->
    new File(root, "${module}/src/main/java").isDirectory() &&
            text(parse(new File(root, "${module}/pom.xml")), 'properties/maven.deploy.skip') != 'true'
}
assert published.containsAll(['ts-api', 'ts-core', 'ts-testkit']) : "published modules: ${published}"
// what the BOM manages is published, so users importing it find every artifact it names
def bomManaged = parse(new File(root, 'ts-bom/pom.xml')).getElementsByTagName('artifactId')
def bomArtifacts = (0..<bomManaged.length).collect { bomManaged.item(it).textContent.trim() } - ['ts-bom']
assert !bomArtifacts.isEmpty()
assert published.containsAll(bomArtifacts) : "the BOM names ${bomArtifacts - published}, which the reactor does not publish"

def problems = []
published.each { module ->
    def pom = parse(new File(root, "${module}/pom.xml"))
    ['name', 'description'].each { if (!text(pom, it)) problems << "${module}: no <${it}> in its POM" }
    ['', '-sources', '-javadoc'].each { classifier ->
        def jar = new File(root, "${module}/target/${module}-${tsstoreVersion}${classifier}.jar")
        if (!jar.isFile()) {
            problems << "${module}: ${jar} was not built"
            return
        }
        new JarFile(jar).withCloseable { zip ->
            def entries = zip.entries().toList()
            if (entries.isEmpty()) problems << "${jar.name} is empty"
            def offTime = entries.find { it.timeLocal != expectedTime }
            if (offTime) problems << "${jar.name}: entry ${offTime.name} is dated ${offTime.timeLocal}, not ${expectedTime}"
            if (classifier == '') {
                def name = zip.manifest?.mainAttributes?.getValue('Automatic-Module-Name')
                if (!(name ==~ /org\.tsstore\.[a-z.]+/) || name == 'org.tsstore.undefined') {
                    problems << "${jar.name}: Automatic-Module-Name is ${name}"
                }
            }
            if (classifier == '-javadoc' && !entries.any { it.name == 'index.html' }) problems << "${jar.name}: no index.html"
            if (classifier == '-sources' && !entries.any { it.name.endsWith('.java') }) problems << "${jar.name}: no sources"
        }
    }
}
assert problems.isEmpty() : problems.join('\n')
println "publishable: ${published.size()} modules checked: ${published}"
return true
