<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>NetworkAddressPlan</name>
    <message>
        <source>&quot;%1&quot; is not a subnet; write it as network/bits, e.g. 10.147.17.0/24.</source>
        <translation>„%1“ ist kein Subnetz; schreiben Sie es als Netz/Bits, z. B. 10.147.17.0/24.</translation>
    </message>
    <message>
        <source>The prefix length of %1 must be between /%2 and /%3.</source>
        <translation>Die Präfixlänge von %1 muss zwischen /%2 und /%3 liegen.</translation>
    </message>
    <message>
        <source>%1 has host bits set; the subnet is %2/%3.</source>
        <translation>In %1 sind Host-Bits gesetzt; das Subnetz ist %2/%3.</translation>
    </message>
</context>
<context>
    <name>NetworkSettingsValidator</name>
    <message>
        <source>Rules: the JSON is invalid at character %1 (%2).</source>
        <translation>Regeln: Das JSON ist ab Zeichen %1 ungültig (%2).</translation>
    </message>
    <message>
        <source>Rules: the JSON must be an array of rule objects.</source>
        <translation>Regeln: Das JSON muss ein Array von Regelobjekten sein.</translation>
    </message>
    <message>
        <source>accept</source>
        <translation>akzeptieren</translation>
    </message>
    <message>
        <source>drop</source>
        <translation>verwerfen</translation>
    </message>
    <message>
        <source>break (stop evaluating this rule set)</source>
        <translation>abbrechen (Auswertung dieses Regelsatzes beenden)</translation>
    </message>
    <message>
        <source>action %1</source>
        <translation>Aktion %1</translation>
    </message>
    <message>
        <source>match %1</source>
        <translation>trifft zu: %1</translation>
    </message>
    <message>
        <source>match %1: %2</source>
        <translation>trifft zu: %1: %2</translation>
    </message>
    <message>
        <source>not (%1)</source>
        <translation>nicht (%1)</translation>
    </message>
    <message>
        <source>or %1</source>
        <translation>oder %1</translation>
    </message>
    <message>
        <source>IP pool %1: the start address &quot;%2&quot; is not a valid IPv4 or IPv6 address.</source>
        <translation>IP-Pool %1: Die Startadresse „%2“ ist keine gültige IPv4- oder IPv6-Adresse.</translation>
    </message>
    <message>
        <source>IP pool %1: the end address &quot;%2&quot; is not a valid IPv4 or IPv6 address.</source>
        <translation>IP-Pool %1: Die Endadresse „%2“ ist keine gültige IPv4- oder IPv6-Adresse.</translation>
    </message>
    <message>
        <source>Route %1: the target &quot;%2&quot; must be a network such as 10.1.0.0/16 or fd00::/64.</source>
        <translation>Route %1: Das Ziel „%2“ muss ein Netz wie 10.1.0.0/16 oder fd00::/64 sein.</translation>
    </message>
    <message>
        <source>Route %1: the gateway (via) &quot;%2&quot; is not a valid IP address.</source>
        <translation>Route %1: Das Gateway (über) „%2“ ist keine gültige IP-Adresse.</translation>
    </message>
    <message>
        <source>DNS server %1: &quot;%2&quot; is not a valid IPv4 or IPv6 address.</source>
        <translation>DNS-Server %1: „%2“ ist keine gültige IPv4- oder IPv6-Adresse.</translation>
    </message>
    <message>
        <source>DNS search domain: spaces and control characters are not allowed.</source>
        <translation>DNS-Suchdomäne: Leerzeichen und Steuerzeichen sind nicht erlaubt.</translation>
    </message>
    <message>
        <source>Name: a network needs a name.</source>
        <translation>Name: Ein Netzwerk braucht einen Namen.</translation>
    </message>
</context>
<context>
    <name>NetworkValidator</name>
    <message>
        <source>IPv4 auto-assign is off, so the IPv4 pools hand out no addresses; turn it on or assign addresses by hand.</source>
        <translation>Die automatische IPv4-Vergabe ist aus, daher vergeben die IPv4-Pools keine Adressen; schalten Sie sie ein oder vergeben Sie Adressen von Hand.</translation>
    </message>
    <message>
        <source>IPv4 auto-assign is on, but there is no IPv4 pool to assign addresses from.</source>
        <translation>Die automatische IPv4-Vergabe ist an, aber es gibt keinen IPv4-Pool, aus dem Adressen vergeben werden können.</translation>
    </message>
    <message>
        <source>IPv6 auto-assign from pools is off, so the IPv6 pools hand out no addresses.</source>
        <translation>Die automatische IPv6-Vergabe aus Pools ist aus, daher vergeben die IPv6-Pools keine Adressen.</translation>
    </message>
    <message>
        <source>IPv6 auto-assign from pools is on, but there is no IPv6 pool to assign addresses from.</source>
        <translation>Die automatische IPv6-Vergabe aus Pools ist an, aber es gibt keinen IPv6-Pool, aus dem Adressen vergeben werden können.</translation>
    </message>
    <message>
        <source>IP pool %1 (%2–%3) is not inside any on-link managed route; members get no address from it, or one they cannot reach each other with.</source>
        <translation>IP-Pool %1 (%2–%3) liegt in keiner direkt verbundenen verwalteten Route; Mitglieder erhalten daraus keine Adresse oder eine, mit der sie einander nicht erreichen.</translation>
    </message>
    <message>
        <source>IP pools %1 and %2 overlap (%3–%4 and %5–%6).</source>
        <translation>Die IP-Pools %1 und %2 überschneiden sich (%3–%4 und %5–%6).</translation>
    </message>
    <message>
        <source>Name: at most %1 bytes are allowed.</source>
        <translation>Name: Höchstens %1 Bytes sind erlaubt.</translation>
    </message>
    <message>
        <source>Name: control characters are not allowed.</source>
        <translation>Name: Steuerzeichen sind nicht erlaubt.</translation>
    </message>
    <message>
        <source>MTU: %1 is outside %2…%3.</source>
        <translation>MTU: %1 liegt außerhalb von %2…%3.</translation>
    </message>
    <message>
        <source>Multicast limit: it cannot be negative.</source>
        <translation>Multicast-Grenze: Sie kann nicht negativ sein.</translation>
    </message>
    <message>
        <source>Certificate time window: it cannot be negative.</source>
        <translation>Zeitfenster der Zertifikate: Es kann nicht negativ sein.</translation>
    </message>
    <message>
        <source>IP pool %1: a pool needs a start and an end address.</source>
        <translation>IP-Pool %1: Ein Pool braucht eine Start- und eine Endadresse.</translation>
    </message>
    <message>
        <source>IP pool %1: the start and end addresses are of different address families; they must both be IPv4 or both IPv6.</source>
        <translation>IP-Pool %1: Start- und Endadresse gehören zu verschiedenen Adressfamilien; sie müssen beide IPv4 oder beide IPv6 sein.</translation>
    </message>
    <message>
        <source>IP pool %1: the start address %2 comes after the end address %3.</source>
        <translation>IP-Pool %1: Die Startadresse %2 liegt hinter der Endadresse %3.</translation>
    </message>
    <message>
        <source>Routes: at most %1 routes are allowed.</source>
        <translation>Routen: Höchstens %1 Routen sind erlaubt.</translation>
    </message>
    <message>
        <source>Route %1: a route needs a target network such as 10.1.0.0/16 or fd00::/64.</source>
        <translation>Route %1: Eine Route braucht ein Zielnetz wie 10.1.0.0/16 oder fd00::/64.</translation>
    </message>
    <message>
        <source>Route %1: the prefix length /%2 of &quot;%3&quot; is larger than %4.</source>
        <translation>Route %1: Die Präfixlänge /%2 von „%3“ ist größer als %4.</translation>
    </message>
    <message>
        <source>Route %1: the gateway (via) must be of the same address family as the target.</source>
        <translation>Route %1: Das Gateway (über) muss zur selben Adressfamilie wie das Ziel gehören.</translation>
    </message>
    <message>
        <source>Route %1: %2 has host bits set; ZeroTier matches addresses against the network %3, so members may get or use no address in it.</source>
        <translation>Route %1: In %2 sind Host-Bits gesetzt; ZeroTier vergleicht Adressen mit dem Netz %3, daher erhalten oder verwenden Mitglieder darin womöglich keine Adresse.</translation>
    </message>
    <message>
        <source>DNS search domain: at most %1 bytes are allowed.</source>
        <translation>DNS-Suchdomäne: Höchstens %1 Bytes sind erlaubt.</translation>
    </message>
    <message>
        <source>DNS servers: at most %1 are allowed.</source>
        <translation>DNS-Server: Höchstens %1 sind erlaubt.</translation>
    </message>
    <message>
        <source>DNS server %1: the address is empty.</source>
        <translation>DNS-Server %1: Die Adresse ist leer.</translation>
    </message>
    <message>
        <source>Rules: the JSON is invalid at character %1 (%2).</source>
        <translation>Regeln: Das JSON ist ab Zeichen %1 ungültig (%2).</translation>
    </message>
    <message>
        <source>Rules: the JSON must be an array of rule objects.</source>
        <translation>Regeln: Das JSON muss ein Array von Regelobjekten sein.</translation>
    </message>
    <message>
        <source>Rules: at most %1 rules are allowed.</source>
        <translation>Regeln: Höchstens %1 Regeln sind erlaubt.</translation>
    </message>
    <message>
        <source>Rules: %1</source>
        <translation>Regeln: %1</translation>
    </message>
    <message>
        <source>Capabilities: the JSON must be an array.</source>
        <translation>Capabilities: Das JSON muss ein Array sein.</translation>
    </message>
    <message>
        <source>Capabilities: every capability needs an id from 0 to 4294967295.</source>
        <translation>Capabilities: Jede Capability braucht eine ID von 0 bis 4294967295.</translation>
    </message>
    <message>
        <source>Capabilities: %1</source>
        <translation>Capabilities: %1</translation>
    </message>
    <message>
        <source>Tags: the JSON must be an array.</source>
        <translation>Tags: Das JSON muss ein Array sein.</translation>
    </message>
    <message>
        <source>Tags: every tag needs an id from 0 to 4294967295.</source>
        <translation>Tags: Jedes Tag braucht eine ID von 0 bis 4294967295.</translation>
    </message>
    <message>
        <source>Tags: a tag default must be a number from 0 to 4294967295.</source>
        <translation>Tags: Der Standardwert eines Tags muss eine Zahl von 0 bis 4294967295 sein.</translation>
    </message>
    <message>
        <source>%1 more member addresses are outside every managed route.</source>
        <translation>%1 weitere Mitgliedsadressen liegen außerhalb jeder verwalteten Route.</translation>
    </message>
    <message>
        <source>Member %1: the address %2 is outside every managed route, so the member does not use it.</source>
        <translation>Mitglied %1: Die Adresse %2 liegt außerhalb jeder verwalteten Route, daher verwendet das Mitglied sie nicht.</translation>
    </message>
    <message>
        <source>IP pool %1 (%2–%3) overlaps the pool %4–%5 of network &quot;%6&quot; (%7); a device in both networks may get the same address twice.</source>
        <translation>IP-Pool %1 (%2–%3) überschneidet sich mit dem Pool %4–%5 des Netzwerks „%6“ (%7); ein Gerät in beiden Netzwerken kann dieselbe Adresse zweimal erhalten.</translation>
    </message>
    <message>
        <source>Description: at most %1 characters are allowed (this one has %2).</source>
        <translation>Beschreibung: Höchstens %1 Zeichen sind erlaubt (diese hat %2).</translation>
    </message>
    <message>
        <source>Description: control characters other than line breaks and tabs are not allowed.</source>
        <translation>Beschreibung: Steuerzeichen außer Zeilenumbrüchen und Tabulatoren sind nicht erlaubt.</translation>
    </message>
    <message>
        <source>IP pool %1 (%2–%3) also overlaps the pools of %4 more networks.</source>
        <translation>IP-Pool %1 (%2–%3) überschneidet sich außerdem mit den Pools von %4 weiteren Netzwerken.</translation>
    </message>
</context>
<context>
    <name>RulesDescription</name>
    <message>
        <source>Wake-on-LAN</source>
        <translation>Wake-on-LAN</translation>
    </message>
    <message>
        <source>inbound</source>
        <translation>eingehend</translation>
    </message>
    <message>
        <source>multicast</source>
        <translation>Multicast</translation>
    </message>
    <message>
        <source>broadcast</source>
        <translation>Broadcast</translation>
    </message>
    <message>
        <source>IP authenticated</source>
        <translation>IP authentifiziert</translation>
    </message>
    <message>
        <source>MAC authenticated</source>
        <translation>MAC authentifiziert</translation>
    </message>
    <message>
        <source>bit %1</source>
        <translation>Bit %1</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>nichts</translation>
    </message>
    <message>
        <source>drop</source>
        <translation>verwerfen</translation>
    </message>
    <message>
        <source>accept</source>
        <translation>akzeptieren</translation>
    </message>
    <message>
        <source>break (leave the decision to capabilities)</source>
        <translation>abbrechen (die Entscheidung den Capabilities überlassen)</translation>
    </message>
    <message numerus="yes">
        <source>the first %n byte(s)</source>
        <translation>
            <numerusform>das erste %n Byte</numerusform>
            <numerusform>die ersten %n Bytes</numerusform>
        </translation>
    </message>
    <message>
        <source>a copy</source>
        <translation>eine Kopie</translation>
    </message>
    <message>
        <source>send %1 to %2 (tee)</source>
        <translation>%1 an %2 senden (tee)</translation>
    </message>
    <message>
        <source>send %1 to %2 (watch)</source>
        <translation>%1 an %2 senden (watch)</translation>
    </message>
    <message>
        <source>redirect to %1</source>
        <translation>an %1 umleiten</translation>
    </message>
    <message>
        <source>%1 everything</source>
        <translation>%1: alles</translation>
    </message>
    <message>
        <source>%1 if %2</source>
        <translation>%1, wenn %2</translation>
    </message>
    <message>
        <source>ethertype %1</source>
        <translation>Ethertype %1</translation>
    </message>
    <message>
        <source>protocol %1</source>
        <translation>Protokoll %1</translation>
    </message>
    <message>
        <source>source port %1</source>
        <translation>Quellport %1</translation>
    </message>
    <message>
        <source>destination port %1</source>
        <translation>Zielport %1</translation>
    </message>
    <message>
        <source>frame size %1</source>
        <translation>Framegröße %1</translation>
    </message>
    <message>
        <source>from member %1</source>
        <translation>von Mitglied %1</translation>
    </message>
    <message>
        <source>to member %1</source>
        <translation>an Mitglied %1</translation>
    </message>
    <message>
        <source>source MAC %1</source>
        <translation>Quell-MAC %1</translation>
    </message>
    <message>
        <source>destination MAC %1</source>
        <translation>Ziel-MAC %1</translation>
    </message>
    <message>
        <source>source IP %1</source>
        <translation>Quell-IP %1</translation>
    </message>
    <message>
        <source>destination IP %1</source>
        <translation>Ziel-IP %1</translation>
    </message>
    <message>
        <source>VLAN %1</source>
        <translation>VLAN %1</translation>
    </message>
    <message>
        <source>VLAN priority %1</source>
        <translation>VLAN-Priorität %1</translation>
    </message>
    <message>
        <source>VLAN DEI %1</source>
        <translation>VLAN-DEI %1</translation>
    </message>
    <message>
        <source>IP TOS &amp; 0x%1 in %2</source>
        <translation>IP-TOS &amp; 0x%1 in %2</translation>
    </message>
    <message>
        <source>ICMP type %1</source>
        <translation>ICMP-Typ %1</translation>
    </message>
    <message>
        <source>ICMP type %1 code %2</source>
        <translation>ICMP-Typ %1, Code %2</translation>
    </message>
    <message>
        <source>at random %1% of the time</source>
        <translation>zufällig in %1 % der Fälle</translation>
    </message>
    <message>
        <source>tag %1</source>
        <translation>Tag %1</translation>
    </message>
    <message>
        <source>%1 differs by at most %2 between sender and receiver</source>
        <translation>%1 unterscheidet sich zwischen Sender und Empfänger um höchstens %2</translation>
    </message>
    <message>
        <source>%1 is %2 on both sides</source>
        <translation>%1 ist auf beiden Seiten %2</translation>
    </message>
    <message>
        <source>%1 of both sides AND %2 is not zero</source>
        <translation>%1 beider Seiten UND %2 ist nicht null</translation>
    </message>
    <message>
        <source>%1 of both sides OR %2 is not zero</source>
        <translation>%1 beider Seiten ODER %2 ist nicht null</translation>
    </message>
    <message>
        <source>%1 of both sides XOR %2 is not zero</source>
        <translation>%1 beider Seiten XOR %2 ist nicht null</translation>
    </message>
    <message>
        <source>sender&apos;s %1 is %2</source>
        <translation>%1 des Senders ist %2</translation>
    </message>
    <message>
        <source>receiver&apos;s %1 is %2</source>
        <translation>%1 des Empfängers ist %2</translation>
    </message>
    <message>
        <source>not %1</source>
        <translation>nicht %1</translation>
    </message>
    <message>
        <source> or </source>
        <translation> oder </translation>
    </message>
    <message>
        <source> and </source>
        <translation> und </translation>
    </message>
    <message>
        <source>No base rules: every frame is dropped.</source>
        <translation>Keine Basisregeln: Jeder Frame wird verworfen.</translation>
    </message>
    <message>
        <source>Capability %1 (id %2, given to new members):</source>
        <translation>Capability %1 (ID %2, wird neuen Mitgliedern gegeben):</translation>
    </message>
    <message>
        <source>Capability %1 (id %2):</source>
        <translation>Capability %1 (ID %2):</translation>
    </message>
    <message>
        <source>flag %1 = %2</source>
        <translation>Flag %1 = %2</translation>
    </message>
    <message>
        <source>Tag %1 (id %2)</source>
        <translation>Tag %1 (ID %2)</translation>
    </message>
    <message>
        <source>; default %1</source>
        <translation>; Standard %1</translation>
    </message>
</context>
<context>
    <name>RulesTemplates</name>
    <message>
        <source>ZeroTier Central&apos;s default (IPv4, ARP and IPv6)</source>
        <translation>Standard von ZeroTier Central (IPv4, ARP und IPv6)</translation>
    </message>
    <message>
        <source>IPv4 only</source>
        <translation>Nur IPv4</translation>
    </message>
    <message>
        <source>No broadcast</source>
        <translation>Kein Broadcast</translation>
    </message>
    <message>
        <source>Departments kept apart (tags)</source>
        <translation>Abteilungen getrennt (Tags)</translation>
    </message>
</context>
<context>
    <name>tier::ActivityChart</name>
    <message>
        <source>Online members</source>
        <translation>Mitglieder online</translation>
    </message>
    <message>
        <source>Config requests/min</source>
        <translation>Konfigurationsanfragen/min</translation>
    </message>
    <message>
        <source>The last 24 hours: the most members online and the config requests per minute, in 5-minute steps</source>
        <translation>Die letzten 24 Stunden: die meisten gleichzeitig online gewesenen Mitglieder und die Konfigurationsanfragen pro Minute, in 5-Minuten-Schritten</translation>
    </message>
</context>
<context>
    <name>tier::AddMemberDialog</name>
    <message>
        <source>Add Member by ID</source>
        <translation>Mitglied per ID hinzufügen</translation>
    </message>
    <message>
        <source>10 hex digits, e.g. 89e92ceee5</source>
        <translation>10 Hexadezimalziffern, z. B. 89e92ceee5</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>optional</translation>
    </message>
    <message>
        <source>&amp;Authorize now (the device is let in when it joins)</source>
        <translation>Jetzt &amp;autorisieren (das Gerät wird beim Beitritt eingelassen)</translation>
    </message>
    <message>
        <source>The address is what &quot;zerotier-cli info&quot; prints on the device.</source>
        <translation>Die Adresse gibt „zerotier-cli info“ auf dem Gerät aus.</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Member address:</source>
        <translation>&amp;Mitgliedsadresse:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a member address: it has exactly 10 hexadecimal digits (0-9, a-f).</source>
        <translation>„%1“ ist keine Mitgliedsadresse: Sie besteht aus genau 10 Hexadezimalziffern (0-9, a-f).</translation>
    </message>
    <message>
        <source>%1 is a reserved address that no device can have.</source>
        <translation>%1 ist eine reservierte Adresse, die kein Gerät haben kann.</translation>
    </message>
    <message>
        <source>%1 is this controller&apos;s own address, not a member&apos;s.</source>
        <translation>%1 ist die eigene Adresse dieses Controllers, nicht die eines Mitglieds.</translation>
    </message>
</context>
<context>
    <name>tier::ExportBackupDialog</name>
    <message>
        <source>Export backup</source>
        <translation>Sicherung exportieren</translation>
    </message>
    <message>
        <source>The backup is the whole controller: networks, members, settings and the controller&apos;s secret key. Anyone who has the file can act as this controller, so keep it somewhere safe, or protect it with a passphrase. The engine keeps running while the backup is written.</source>
        <translation>Die Sicherung enthält den ganzen Controller: Netzwerke, Mitglieder, Einstellungen und den geheimen Schlüssel des Controllers. Wer die Datei hat, kann als dieser Controller auftreten; bewahren Sie sie sicher auf oder schützen Sie sie mit einer Passphrase. Die Engine läuft weiter, während die Sicherung geschrieben wird.</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Datei:</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>&amp;Encrypt with a passphrase</source>
        <translation>Mit einer Passphrase &amp;verschlüsseln</translation>
    </message>
    <message>
        <source>&amp;Passphrase:</source>
        <translation>&amp;Passphrase:</translation>
    </message>
    <message>
        <source>&amp;Repeat:</source>
        <translation>&amp;Wiederholen:</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>E&amp;xport</source>
        <translation>E&amp;xportieren</translation>
    </message>
    <message>
        <source>Tiermaster backups (*.db);;All files (*)</source>
        <translation>Tiermaster-Sicherungen (*.db);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Writing the backup… %1 written</source>
        <translation>Sicherung wird geschrieben… %1 geschrieben</translation>
    </message>
    <message>
        <source>Choose a file for the backup.</source>
        <translation>Wählen Sie eine Datei für die Sicherung.</translation>
    </message>
    <message>
        <source>%1 already exists. Choose another name; an existing file is never replaced.</source>
        <translation>%1 existiert bereits. Wählen Sie einen anderen Namen; eine vorhandene Datei wird nie ersetzt.</translation>
    </message>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation>Der Ordner %1 existiert nicht.</translation>
    </message>
    <message>
        <source>The passphrase must have at least %1 characters.</source>
        <translation>Die Passphrase muss mindestens %1 Zeichen lang sein.</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>Die beiden Passphrasen stimmen nicht überein.</translation>
    </message>
    <message>
        <source>There is no local SQLite database to back up (the engine has not been started, or it uses another database).</source>
        <translation>Es gibt keine lokale SQLite-Datenbank zu sichern (die Engine wurde nicht gestartet oder nutzt eine andere Datenbank).</translation>
    </message>
    <message>
        <source>The backup was not written: %1</source>
        <translation>Die Sicherung wurde nicht geschrieben: %1</translation>
    </message>
    <message>
        <source>Backup written to %1 (%2).</source>
        <translation>Sicherung nach %1 geschrieben (%2).</translation>
    </message>
</context>
<context>
    <name>tier::ImportDialog</name>
    <message>
        <source>Import a controller</source>
        <translation>Einen Controller importieren</translation>
    </message>
    <message>
        <source>Choose the home folder of a zerotier-one controller (with identity.secret and controller.d) or a controller.db of the 2015 controller. Nothing is changed until you click Import; the current database is kept as a backup.</source>
        <translation>Wählen Sie den Home-Ordner eines zerotier-one-Controllers (mit identity.secret und controller.d) oder eine controller.db des Controllers von 2015. Bis Sie auf Importieren klicken, wird nichts geändert; die aktuelle Datenbank wird als Sicherung aufbewahrt.</translation>
    </message>
    <message>
        <source>Folder or controller.db file</source>
        <translation>Ordner oder controller.db-Datei</translation>
    </message>
    <message>
        <source>Import source</source>
        <translation>Importquelle</translation>
    </message>
    <message>
        <source>&amp;Folder…</source>
        <translation>&amp;Ordner…</translation>
    </message>
    <message>
        <source>&amp;Database file…</source>
        <translation>&amp;Datenbankdatei…</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Mitglieder</translation>
    </message>
    <message>
        <source>Authorized</source>
        <translation>Autorisiert</translation>
    </message>
    <message>
        <source>Problems:</source>
        <translation>Probleme:</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Probleme</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Importieren</translation>
    </message>
    <message>
        <source>zerotier-one home folder</source>
        <translation>zerotier-one-Home-Ordner</translation>
    </message>
    <message>
        <source>2015 controller database</source>
        <translation>Controller-Datenbank von 2015</translation>
    </message>
    <message>
        <source>Controller database (*.db);;All files (*)</source>
        <translation>Controller-Datenbank (*.db);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>No source chosen yet.</source>
        <translation>Noch keine Quelle gewählt.</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>left out</source>
        <translation>ausgelassen</translation>
    </message>
    <message>
        <source>%1: %2: %3</source>
        <translation>%1: %2: %3</translation>
    </message>
    <message>
        <source>None.</source>
        <translation>Keine.</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message numerus="yes">
        <source>%1, controller %2: %n network(s)</source>
        <translation>
            <numerusform>%1, Controller %2: %n Netzwerk</numerusform>
            <numerusform>%1, Controller %2: %n Netzwerke</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n member(s)</source>
        <translation>
            <numerusform>, %n Mitglied</numerusform>
            <numerusform>, %n Mitglieder</numerusform>
        </translation>
    </message>
    <message>
        <source>Ready to import.</source>
        <translation>Bereit zum Import.</translation>
    </message>
    <message>
        <source>Cannot be imported: fix the errors listed below first.</source>
        <translation>Kann nicht importiert werden: beheben Sie zuerst die unten aufgeführten Fehler.</translation>
    </message>
    <message>
        <source>The source changed and can no longer be imported; see the problems listed.</source>
        <translation>Die Quelle hat sich geändert und kann nicht mehr importiert werden; siehe die aufgeführten Probleme.</translation>
    </message>
    <message>
        <source>Import failed, nothing was changed: %1</source>
        <translation>Import fehlgeschlagen, nichts wurde geändert: %1</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>%1 wird gelesen…</translation>
    </message>
    <message>
        <source>Building the new database…</source>
        <translation>Die neue Datenbank wird erstellt…</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>no engine</source>
        <translation>keine Engine</translation>
    </message>
</context>
<context>
    <name>tier::JoinNotifier</name>
    <message>
        <source>New member wants to join %1</source>
        <translation>Neues Mitglied möchte %1 beitreten</translation>
    </message>
    <message>
        <source>Member %1 asks to join network %2. Click to authorize it.</source>
        <translation>Mitglied %1 möchte dem Netzwerk %2 beitreten. Zum Autorisieren klicken.</translation>
    </message>
    <message>
        <source>%1 new members want to join %2</source>
        <translation>%1 neue Mitglieder möchten %2 beitreten</translation>
    </message>
    <message>
        <source>Members %1 ask to join network %2. Click to authorize them.</source>
        <translation>Die Mitglieder %1 möchten dem Netzwerk %2 beitreten. Zum Autorisieren klicken.</translation>
    </message>
    <message>
        <source>%1 new members want to join your networks</source>
        <translation>%1 neue Mitglieder möchten Ihren Netzwerken beitreten</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Click to authorize them.</source>
        <translation>Zum Autorisieren klicken.</translation>
    </message>
</context>
<context>
    <name>tier::MainWindow</name>
    <message>
        <source>Tiermaster</source>
        <translation>Tiermaster</translation>
    </message>
    <message>
        <source>The engine reported an error.</source>
        <translation>Die Engine hat einen Fehler gemeldet.</translation>
    </message>
    <message>
        <source>Create network</source>
        <translation>Netzwerk erstellen</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Create Network…</source>
        <translation>Netzwerk &amp;erstellen…</translation>
    </message>
    <message>
        <source>Create a new virtual network on this controller</source>
        <translation>Ein neues virtuelles Netzwerk auf diesem Controller erstellen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;About Tiermaster</source>
        <translation>Über &amp;Tiermaster</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>No networks yet</source>
        <translation>Noch keine Netzwerke</translation>
    </message>
    <message>
        <source>Create a network, then let devices join it with its network ID.</source>
        <translation>Erstellen Sie ein Netzwerk und lassen Sie dann Geräte mit seiner Netzwerk-ID beitreten.</translation>
    </message>
    <message>
        <source>Select a network</source>
        <translation>Wählen Sie ein Netzwerk aus</translation>
    </message>
    <message>
        <source>Engine stopped</source>
        <translation>Engine angehalten</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Wird beendet…</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Controller: –</source>
        <translation>Controller: –</translation>
    </message>
    <message>
        <source>Controller: %1</source>
        <translation>Controller: %1</translation>
    </message>
    <message>
        <source>The engine is not running, so no network can be created.</source>
        <translation>Die Engine läuft nicht, daher kann kein Netzwerk erstellt werden.</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Tiermaster %1&lt;/h3&gt;&lt;p&gt;A self-hosted network controller for ZeroTier virtual networks.&lt;/p&gt;&lt;p&gt;Licensed under the GNU General Public License, version 3 or later.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Tiermaster %1&lt;/h3&gt;&lt;p&gt;Ein selbst betriebener Netzwerk-Controller für virtuelle ZeroTier-Netzwerke.&lt;/p&gt;&lt;p&gt;Lizenziert unter der GNU General Public License, Version 3 oder später.&lt;/p&gt;&lt;p&gt;Erstellt mit Qt %2.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About Tiermaster</source>
        <translation>Über Tiermaster</translation>
    </message>
    <message>
        <source>The members of a network appear here.</source>
        <translation>Hier erscheinen die Mitglieder eines Netzwerks.</translation>
    </message>
    <message>
        <source>&amp;Members</source>
        <translation>&amp;Mitglieder</translation>
    </message>
    <message>
        <source>&amp;Network</source>
        <translation>&amp;Netzwerk</translation>
    </message>
    <message>
        <source>Network &amp;Settings…</source>
        <translation>Netzwerk&amp;einstellungen…</translation>
    </message>
    <message>
        <source>Edit the selected network: settings, IP pools, routes, DNS and rules</source>
        <translation>Das ausgewählte Netzwerk bearbeiten: Einstellungen, IP-Pools, Routen, DNS und Regeln</translation>
    </message>
    <message>
        <source>&amp;Delete Network…</source>
        <translation>Netzwerk &amp;löschen…</translation>
    </message>
    <message>
        <source>Delete network</source>
        <translation>Netzwerk löschen</translation>
    </message>
    <message>
        <source>Tiermaster backups (*.db);;All files (*)</source>
        <translation>Tiermaster-Sicherungen (*.db);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Export Backup…</source>
        <translation>Sicherung &amp;exportieren…</translation>
    </message>
    <message>
        <source>Write a backup of the whole controller (it holds the secret key)</source>
        <translation>Eine Sicherung des ganzen Controllers schreiben (sie enthält den geheimen Schlüssel)</translation>
    </message>
    <message>
        <source>&amp;Restore Backup…</source>
        <translation>Sicherung &amp;wiederherstellen…</translation>
    </message>
    <message>
        <source>Replace the controller&apos;s database with a backup</source>
        <translation>Die Datenbank des Controllers durch eine Sicherung ersetzen</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>UDP: –</source>
        <translation>UDP: –</translation>
    </message>
    <message>
        <source>UDP: %1</source>
        <translation>UDP: %1</translation>
    </message>
    <message>
        <source>The UDP port members reach this controller on</source>
        <translation>Der UDP-Port, über den Mitglieder diesen Controller erreichen</translation>
    </message>
    <message>
        <source>Backup written to %1 (%2).</source>
        <translation>Sicherung nach %1 geschrieben (%2).</translation>
    </message>
    <message>
        <source>Restore backup</source>
        <translation>Sicherung wiederherstellen</translation>
    </message>
    <message>
        <source>Restarting the engine with the new settings…</source>
        <translation>Die Engine startet mit den neuen Einstellungen neu…</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Importieren…</translation>
    </message>
    <message>
        <source>Import a zerotier-one controller or a 2015 controller database</source>
        <translation>Einen zerotier-one-Controller oder eine Controller-Datenbank von 2015 importieren</translation>
    </message>
    <message>
        <source>API: off</source>
        <translation>API: aus</translation>
    </message>
    <message>
        <source>API: %1</source>
        <translation>API: %1</translation>
    </message>
    <message>
        <source>Roots: %1/%2</source>
        <translation>Roots: %1/%2</translation>
    </message>
    <message>
        <source>%1 req/min</source>
        <translation>%1 Anfr./min</translation>
    </message>
    <message numerus="yes">
        <source>Roots reachable / roots of the planet and moons; network config requests per minute (%n since the start)</source>
        <translation>
            <numerusform>Erreichbare Roots / Roots von Planet und Monden; Konfigurationsanfragen pro Minute (%n seit dem Start)</numerusform>
            <numerusform>Erreichbare Roots / Roots von Planet und Monden; Konfigurationsanfragen pro Minute (%n seit dem Start)</numerusform>
        </translation>
    </message>
    <message>
        <source>Checking the file…</source>
        <translation>Die Datei wird geprüft…</translation>
    </message>
    <message>
        <source>Standby — another instance is serving</source>
        <translation>Bereitschaft — eine andere Instanz bedient die Netzwerke</translation>
    </message>
    <message>
        <source>&amp;Rename Network</source>
        <translation>Netzwerk &amp;umbenennen</translation>
    </message>
    <message>
        <source>&amp;Copy Network ID</source>
        <translation>Netzwerk-ID &amp;kopieren</translation>
    </message>
    <message>
        <source>Delete the network &quot;%1&quot; (%2)?</source>
        <translation>Das Netzwerk „%1“ (%2) löschen?</translation>
    </message>
    <message>
        <source>All of its settings are lost, and devices using this network ID lose access.</source>
        <translation>Alle seine Einstellungen gehen verloren, und Geräte mit dieser Netzwerk-ID verlieren den Zugang.</translation>
    </message>
    <message>
        <source>Its member record, its IP assignments and all of the network&apos;s settings are lost, and devices using this network ID lose access.</source>
        <translation>Sein Mitgliedseintrag, dessen IP-Zuweisungen und alle Einstellungen des Netzwerks gehen verloren, und Geräte mit dieser Netzwerk-ID verlieren den Zugang.</translation>
    </message>
    <message>
        <source>Its %1 member records, their IP assignments and all of its settings are lost, and devices using this network ID lose access.</source>
        <translation>Seine %1 Mitgliedseinträge, deren IP-Zuweisungen und alle seine Einstellungen gehen verloren, und Geräte mit dieser Netzwerk-ID verlieren den Zugang.</translation>
    </message>
    <message>
        <source>Quit Tiermaster</source>
        <translation>Tiermaster beenden</translation>
    </message>
    <message>
        <source>One member is online.</source>
        <translation>Ein Mitglied ist online.</translation>
    </message>
    <message>
        <source>%1 members are online.</source>
        <translation>%1 Mitglieder sind online.</translation>
    </message>
    <message>
        <source>While Tiermaster is not running, members get no configuration updates and devices that join are not answered. Quit anyway?</source>
        <translation>Solange Tiermaster nicht läuft, erhalten Mitglieder keine Konfigurationsänderungen, und beitretende Geräte bekommen keine Antwort. Trotzdem beenden?</translation>
    </message>
    <message>
        <source>Don&apos;t ask again</source>
        <translation>Nicht mehr fragen</translation>
    </message>
    <message>
        <source>Tiermaster is still running</source>
        <translation>Tiermaster läuft weiter</translation>
    </message>
    <message>
        <source>The controller keeps serving its networks. Quit from the tray menu.</source>
        <translation>Der Controller bedient seine Netzwerke weiter. Beenden über das Menü im Systembereich.</translation>
    </message>
    <message>
        <source>root: %1 peers</source>
        <translation>Root: %1 Peers</translation>
    </message>
    <message>
        <source>Replacing the database… step %1 of %2</source>
        <translation>Die Datenbank wird ersetzt… Schritt %1 von %2</translation>
    </message>
</context>
<context>
    <name>tier::MemberCredentialsEditor</name>
    <message>
        <source>The network&apos;s rules define no tags or capabilities.</source>
        <translation>Die Regeln des Netzwerks definieren keine Tags oder Capabilities.</translation>
    </message>
    <message>
        <source>capability %1</source>
        <translation>Capability %1</translation>
    </message>
    <message>
        <source>tag %1</source>
        <translation>Tag %1</translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation>(nicht gesetzt)</translation>
    </message>
    <message>
        <source>value %1</source>
        <translation>Wert %1</translation>
    </message>
    <message>
        <source>%1 (id %2)</source>
        <translation>%1 (ID %2)</translation>
    </message>
    <message>
        <source>Capabilities:</source>
        <translation>Capabilities:</translation>
    </message>
</context>
<context>
    <name>tier::MemberDetailPanel</name>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>No member selected</source>
        <translation>Kein Mitglied ausgewählt</translation>
    </message>
    <message>
        <source>not known until the member first asks</source>
        <translation>unbekannt, bis das Mitglied zum ersten Mal anfragt</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Waiting for authorization</source>
        <translation>Wartet auf Autorisierung</translation>
    </message>
    <message>
        <source>Never seen</source>
        <translation>Noch nie gesehen</translation>
    </message>
    <message>
        <source>Tags: %1 · Capabilities: %2</source>
        <translation>Tags: %1 · Capabilities: %2</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>in the window</source>
        <translation>im Fenster</translation>
    </message>
    <message>
        <source>through the API</source>
        <translation>über die API</translation>
    </message>
    <message>
        <source>by an import</source>
        <translation>durch einen Import</translation>
    </message>
    <message>
        <source>by the controller</source>
        <translation>durch den Controller</translation>
    </message>
    <message>
        <source>Authorized</source>
        <translation>Autorisiert</translation>
    </message>
    <message>
        <source>Deauthorized</source>
        <translation>Autorisierung entzogen</translation>
    </message>
    <message>
        <source>IP addresses removed</source>
        <translation>IP-Adressen entfernt</translation>
    </message>
    <message>
        <source>IP addresses: %1</source>
        <translation>IP-Adressen: %1</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Hide the member details</source>
        <translation>Die Mitgliedsdetails ausblenden</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy the member address</source>
        <translation>Die Mitgliedsadresse kopieren</translation>
    </message>
    <message>
        <source>Copy the member&apos;s public identity</source>
        <translation>Die öffentliche Identität des Mitglieds kopieren</translation>
    </message>
    <message>
        <source>Identity</source>
        <translation>Identität</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Tags and capabilities</source>
        <translation>Tags und Capabilities</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Recent changes</source>
        <translation>Letzte Änderungen</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Beschreibung:</translation>
    </message>
    <message>
        <source>&amp;IP addresses:</source>
        <translation>&amp;IP-Adressen:</translation>
    </message>
    <message>
        <source>assigned automatically, or e.g. 10.147.17.5, fd00::5</source>
        <translation>automatisch zugewiesen, oder z. B. 10.147.17.5, fd00::5</translation>
    </message>
    <message>
        <source>&amp;Authorized</source>
        <translation>&amp;Autorisiert</translation>
    </message>
    <message>
        <source>Active &amp;bridge</source>
        <translation>Aktive &amp;Bridge</translation>
    </message>
    <message>
        <source>May bridge other Ethernet traffic into the network</source>
        <translation>Darf anderen Ethernet-Verkehr in das Netzwerk bridgen</translation>
    </message>
    <message>
        <source>No automatic IP &amp;assignment</source>
        <translation>Keine automatische IP-&amp;Zuweisung</translation>
    </message>
    <message>
        <source>A&amp;pply</source>
        <translation>Ü&amp;bernehmen</translation>
    </message>
    <message>
        <source>&amp;Revert</source>
        <translation>&amp;Zurücksetzen</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Last config request:</source>
        <translation>Letzte Konfigurationsanfrage:</translation>
    </message>
    <message>
        <source>Physical address:</source>
        <translation>Physische Adresse:</translation>
    </message>
    <message>
        <source>Client version:</source>
        <translation>Client-Version:</translation>
    </message>
    <message>
        <source>Protocol:</source>
        <translation>Protokoll:</translation>
    </message>
    <message>
        <source>Latency:</source>
        <translation>Latenz:</translation>
    </message>
    <message>
        <source>Created:</source>
        <translation>Erstellt:</translation>
    </message>
    <message>
        <source>Last authorized:</source>
        <translation>Zuletzt autorisiert:</translation>
    </message>
    <message>
        <source>Last deauthorized:</source>
        <translation>Autorisierung zuletzt entzogen:</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Durch</translation>
    </message>
</context>
<context>
    <name>tier::MemberListModel</name>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Never seen</source>
        <translation>Noch nie gesehen</translation>
    </message>
    <message>
        <source>Waiting for authorization</source>
        <translation>Wartet auf Autorisierung</translation>
    </message>
    <message>
        <source>Authorized</source>
        <translation>Autorisiert</translation>
    </message>
    <message>
        <source>Not authorized</source>
        <translation>Nicht autorisiert</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>%1 s ago</source>
        <translation>vor %1 s</translation>
    </message>
    <message>
        <source>%1 min ago</source>
        <translation>vor %1 min</translation>
    </message>
    <message>
        <source>%1 h ago</source>
        <translation>vor %1 h</translation>
    </message>
    <message>
        <source>%1 d ago</source>
        <translation>vor %1 d</translation>
    </message>
    <message>
        <source>“%1” is not an IP address. Enter IPv4 or IPv6 addresses separated by commas or spaces, for example 10.147.17.5, fd00::5.</source>
        <translation>„%1“ ist keine IP-Adresse. Geben Sie IPv4- oder IPv6-Adressen durch Kommas oder Leerzeichen getrennt ein, zum Beispiel 10.147.17.5, fd00::5.</translation>
    </message>
    <message>
        <source>Online status</source>
        <translation>Online-Status</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Managed IPs</source>
        <translation>Verwaltete IPs</translation>
    </message>
    <message>
        <source>Physical address</source>
        <translation>Physische Adresse</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <source>Online: a config request in the last two minutes</source>
        <translation>Online: eine Konfigurationsanfrage in den letzten zwei Minuten</translation>
    </message>
    <message>
        <source>Last request</source>
        <translation>Letzte Anfrage</translation>
    </message>
</context>
<context>
    <name>tier::MembersPage</name>
    <message>
        <source>(unnamed)</source>
        <translation>(ohne Namen)</translation>
    </message>
    <message>
        <source>Network ID: %1</source>
        <translation>Netzwerk-ID: %1</translation>
    </message>
    <message>
        <source>Members: %1 · Online: %2 · Pending: %3</source>
        <translation>Mitglieder: %1 · Online: %2 · Wartend: %3</translation>
    </message>
    <message>
        <source>Loading members…</source>
        <translation>Mitglieder werden geladen …</translation>
    </message>
    <message>
        <source>No members yet. A device joins with: zerotier-cli join %1</source>
        <translation>Noch keine Mitglieder. Ein Gerät tritt bei mit: zerotier-cli join %1</translation>
    </message>
    <message>
        <source>No member matches the filter.</source>
        <translation>Kein Mitglied entspricht dem Filter.</translation>
    </message>
    <message>
        <source>Delete member %1 from network “%2”?

It loses access at once and its settings and managed IPs are removed. If it asks again, it shows up as a new member waiting for authorization.</source>
        <translation>Mitglied %1 aus dem Netzwerk „%2“ löschen?

Es verliert sofort den Zugang, seine Einstellungen und verwalteten IPs werden entfernt. Fragt es erneut an, erscheint es als neues Mitglied, das auf Autorisierung wartet.</translation>
    </message>
    <message>
        <source>and %1 more</source>
        <translation>und %1 weitere</translation>
    </message>
    <message>
        <source>Delete these %1 members from network “%2”?

%3

They lose access at once and their settings and managed IPs are removed.</source>
        <translation>Diese %1 Mitglieder aus dem Netzwerk „%2“ löschen?

%3

Sie verlieren sofort den Zugang, ihre Einstellungen und verwalteten IPs werden entfernt.</translation>
    </message>
    <message>
        <source>Delete members</source>
        <translation>Mitglieder löschen</translation>
    </message>
    <message>
        <source>Copy the network ID</source>
        <translation>Netzwerk-ID kopieren</translation>
    </message>
    <message>
        <source>Search address, name or IP</source>
        <translation>Adresse, Name oder IP suchen</translation>
    </message>
    <message>
        <source>&amp;Authorize</source>
        <translation>&amp;Autorisieren</translation>
    </message>
    <message>
        <source>Authorize the selected members (%1)</source>
        <translation>Die ausgewählten Mitglieder autorisieren (%1)</translation>
    </message>
    <message>
        <source>&amp;Deauthorize</source>
        <translation>Autorisierung &amp;entziehen</translation>
    </message>
    <message>
        <source>Deauthorize the selected members (%1)</source>
        <translation>Den ausgewählten Mitgliedern die Autorisierung entziehen (%1)</translation>
    </message>
    <message>
        <source>D&amp;elete Member…</source>
        <translation>Mitglied &amp;löschen…</translation>
    </message>
    <message>
        <source>Delete the selected members (%1)</source>
        <translation>Die ausgewählten Mitglieder löschen (%1)</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>All (%1)</source>
        <translation>Alle (%1)</translation>
    </message>
    <message>
        <source>Pending (%1)</source>
        <translation>Wartend (%1)</translation>
    </message>
    <message>
        <source>Online (%1)</source>
        <translation>Online (%1)</translation>
    </message>
    <message>
        <source>Authorized (%1)</source>
        <translation>Autorisiert (%1)</translation>
    </message>
    <message>
        <source>D&amp;elete %1 Members…</source>
        <translation>%1 Mitglieder &amp;löschen…</translation>
    </message>
    <message>
        <source>Show every member (clears the other filters)</source>
        <translation>Alle Mitglieder anzeigen (hebt die anderen Filter auf)</translation>
    </message>
    <message>
        <source>Members that asked to join and are not authorized (filters combine)</source>
        <translation>Mitglieder, die beitreten möchten und nicht autorisiert sind (Filter lassen sich kombinieren)</translation>
    </message>
    <message>
        <source>Members with a config request in the last two minutes (filters combine)</source>
        <translation>Mitglieder mit einer Konfigurationsanfrage in den letzten zwei Minuten (Filter lassen sich kombinieren)</translation>
    </message>
    <message>
        <source>Authorized members (filters combine)</source>
        <translation>Autorisierte Mitglieder (Filter lassen sich kombinieren)</translation>
    </message>
    <message>
        <source>Offline &gt;</source>
        <translation>Offline &gt;</translation>
    </message>
    <message>
        <source>Offline for more than this many days: the last request (or, never seen, the creation) is older</source>
        <translation>Länger als so viele Tage offline: die letzte Anfrage (oder, nie gesehen, die Erstellung) ist älter</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>&amp;Find Members</source>
        <translation>Mitglieder &amp;suchen</translation>
    </message>
    <message>
        <source>Add &amp;Member by ID…</source>
        <translation>&amp;Mitglied per ID hinzufügen…</translation>
    </message>
    <message>
        <source>Authorize or name a device by its address before it joins (%1)</source>
        <translation>Ein Gerät über seine Adresse autorisieren oder benennen, bevor es beitritt (%1)</translation>
    </message>
    <message>
        <source>Delete Members &amp;Not Seen…</source>
        <translation>&amp;Nicht gesehene Mitglieder löschen…</translation>
    </message>
    <message>
        <source>Delete the members not seen for a number of days, after a preview</source>
        <translation>Die Mitglieder löschen, die einige Tage nicht gesehen wurden, nach einer Vorschau</translation>
    </message>
    <message>
        <source>Member &amp;Details</source>
        <translation>Mitglieds&amp;details</translation>
    </message>
    <message>
        <source>Show the selected member&apos;s details beside the table (%1)</source>
        <translation>Die Details des ausgewählten Mitglieds neben der Tabelle zeigen (%1)</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more warning(s): see Network Settings.</source>
        <translation>
            <numerusform>… und %n weitere Warnung: siehe Netzwerkeinstellungen.</numerusform>
            <numerusform>… und %n weitere Warnungen: siehe Netzwerkeinstellungen.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tier::NetworkListModel</name>
    <message numerus="yes">
        <source>%n authorized</source>
        <translation>
            <numerusform>%n autorisiert</numerusform>
            <numerusform>%n autorisiert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n member(s) waiting for authorization</source>
        <translation>
            <numerusform>%n Mitglied wartet auf Autorisierung</numerusform>
            <numerusform>%n Mitglieder warten auf Autorisierung</numerusform>
        </translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>(ohne Namen)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Network ID</source>
        <translation>Netzwerk-ID</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Mitglieder</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Wartend</translation>
    </message>
</context>
<context>
    <name>tier::NetworkSettingsDialog</name>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Network settings</source>
        <translation>Netzwerkeinstellungen</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>IP pools</source>
        <translation>IP-Pools</translation>
    </message>
    <message>
        <source>Routes</source>
        <translation>Routen</translation>
    </message>
    <message>
        <source>DNS</source>
        <translation>DNS</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>Regeln</translation>
    </message>
    <message>
        <source>Private (members need authorization)</source>
        <translation>Privat (Mitglieder brauchen eine Autorisierung)</translation>
    </message>
    <message>
        <source>Allow Ethernet broadcast</source>
        <translation>Ethernet-Broadcast erlauben</translation>
    </message>
    <message>
        <source>Network ID:</source>
        <translation>Netzwerk-ID:</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Multicast recipient limit:</source>
        <translation>Höchstzahl der Multicast-Empfänger:</translation>
    </message>
    <message>
        <source>MTU:</source>
        <translation>MTU:</translation>
    </message>
    <message>
        <source>First address</source>
        <translation>Erste Adresse</translation>
    </message>
    <message>
        <source>Last address</source>
        <translation>Letzte Adresse</translation>
    </message>
    <message>
        <source>Auto-assign IPv4 addresses from the pools</source>
        <translation>IPv4-Adressen automatisch aus den Pools zuweisen</translation>
    </message>
    <message>
        <source>Auto-assign IPv6 addresses from the pools</source>
        <translation>IPv6-Adressen automatisch aus den Pools zuweisen</translation>
    </message>
    <message>
        <source>Give each member an RFC 4193 IPv6 address (/128)</source>
        <translation>Jedem Mitglied eine RFC-4193-IPv6-Adresse geben (/128)</translation>
    </message>
    <message>
        <source>Give each member a 6PLANE IPv6 prefix (/80)</source>
        <translation>Jedem Mitglied ein 6PLANE-IPv6-Präfix geben (/80)</translation>
    </message>
    <message>
        <source>Target is a network such as 10.1.0.0/16; leave Via empty for a route on the network itself.</source>
        <translation>Das Ziel ist ein Netz wie 10.1.0.0/16; lassen Sie „Über“ leer für eine Route im Netzwerk selbst.</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Via</source>
        <translation>Über</translation>
    </message>
    <message>
        <source>e.g. lab.example</source>
        <translation>z. B. lab.example</translation>
    </message>
    <message>
        <source>One IP address per line (at most 4)</source>
        <translation>Eine IP-Adresse pro Zeile (höchstens 4)</translation>
    </message>
    <message>
        <source>Search domain:</source>
        <translation>Suchdomäne:</translation>
    </message>
    <message>
        <source>Servers:</source>
        <translation>Server:</translation>
    </message>
    <message>
        <source>A JSON array of rule objects; empty = accept all</source>
        <translation>Ein JSON-Array von Regelobjekten; leer = alles akzeptieren</translation>
    </message>
    <message>
        <source>Reset to default (accept all)</source>
        <translation>Auf Standard zurücksetzen (alles akzeptieren)</translation>
    </message>
    <message>
        <source>Rules, in order:</source>
        <translation>Regeln, in Reihenfolge:</translation>
    </message>
    <message>
        <source>Rules as JSON:</source>
        <translation>Regeln als JSON:</translation>
    </message>
    <message>
        <source>Network settings – %1</source>
        <translation>Netzwerkeinstellungen – %1</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>(ohne Namen)</translation>
    </message>
    <message>
        <source>Empty: the default rule set (accept all) is used.</source>
        <translation>Leer: Der Standard-Regelsatz (alles akzeptieren) wird verwendet.</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelltext</translation>
    </message>
    <message>
        <source>For experts: the rules as the controller stores them. Editing them here drops the source.</source>
        <translation>Für Fachleute: die Regeln, wie der Controller sie speichert. Wer sie hier bearbeitet, verwirft den Quelltext.</translation>
    </message>
    <message>
        <source>JSON (advanced)</source>
        <translation>JSON (erweitert)</translation>
    </message>
    <message>
        <source>Rules: line %1, column %2: %3</source>
        <translation>Regeln: Zeile %1, Spalte %2: %3</translation>
    </message>
    <message>
        <source>What this network is for (optional; kept on the controller, never sent to members)</source>
        <translation>Wofür dieses Netzwerk da ist (optional; bleibt beim Controller, wird nie an Mitglieder gesendet)</translation>
    </message>
    <message>
        <source>Description:</source>
        <translation>Beschreibung:</translation>
    </message>
</context>
<context>
    <name>tier::NewNetworkDialog</name>
    <message>
        <source>Create Network</source>
        <translation>Netzwerk erstellen</translation>
    </message>
    <message>
        <source>e.g. office</source>
        <translation>z. B. büro</translation>
    </message>
    <message>
        <source>Subnet:</source>
        <translation>Subnetz:</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>RFC 4193 (one address per member, from the network ID)</source>
        <translation>RFC 4193 (eine Adresse je Mitglied, aus der Netzwerk-ID)</translation>
    </message>
    <message>
        <source>6PLANE (a /80 for each member, from the network ID)</source>
        <translation>6PLANE (ein /80 je Mitglied, aus der Netzwerk-ID)</translation>
    </message>
    <message>
        <source>Pool from a subnet</source>
        <translation>Pool aus einem Subnetz</translation>
    </message>
    <message>
        <source>IPv6 subnet:</source>
        <translation>IPv6-Subnetz:</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Erstellen</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>IPv&amp;4 addresses:</source>
        <translation>IPv&amp;4-Adressen:</translation>
    </message>
    <message>
        <source>IPv&amp;6 addresses:</source>
        <translation>IPv&amp;6-Adressen:</translation>
    </message>
    <message>
        <source>%1 (in use)</source>
        <translation>%1 (belegt)</translation>
    </message>
    <message>
        <source>Custom subnet…</source>
        <translation>Eigenes Subnetz…</translation>
    </message>
    <message>
        <source>None (no managed IPv4 addresses)</source>
        <translation>Keine (keine verwalteten IPv4-Adressen)</translation>
    </message>
    <message>
        <source>Members get an address from %1 to %2 automatically, with the route %3 on the ZeroTier interface.</source>
        <translation>Mitglieder erhalten automatisch eine Adresse von %1 bis %2, mit der Route %3 auf der ZeroTier-Schnittstelle.</translation>
    </message>
    <message>
        <source>Members get no IPv4 address unless you give them one.</source>
        <translation>Mitglieder erhalten keine IPv4-Adresse, außer Sie geben ihnen eine.</translation>
    </message>
    <message>
        <source>IPv4 subnet: %1 is an IPv6 subnet.</source>
        <translation>IPv4-Subnetz: %1 ist ein IPv6-Subnetz.</translation>
    </message>
    <message>
        <source>IPv6 subnet: %1 is an IPv4 subnet.</source>
        <translation>IPv6-Subnetz: %1 ist ein IPv4-Subnetz.</translation>
    </message>
    <message>
        <source>optional, e.g. printers and file server, 2nd floor</source>
        <translation>optional, z. B. Drucker und Dateiserver, 2. Stock</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Beschreibung:</translation>
    </message>
</context>
<context>
    <name>tier::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <source>API</source>
        <translation>API</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>Sicherungen</translation>
    </message>
    <message>
        <source>&amp;Data directory:</source>
        <translation>&amp;Datenverzeichnis:</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Another data directory is another controller, with its own identity and networks. A --data-dir on the command line wins over this setting.</source>
        <translation>Ein anderes Datenverzeichnis ist ein anderer Controller mit eigener Identität und eigenen Netzwerken. Ein --data-dir auf der Befehlszeile hat Vorrang vor dieser Einstellung.</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Systemvorgabe</translation>
    </message>
    <message>
        <source>Start &amp;minimised to the system tray</source>
        <translation>&amp;Minimiert im Systembereich starten</translation>
    </message>
    <message>
        <source>&amp;UDP port:</source>
        <translation>&amp;UDP-Port:</translation>
    </message>
    <message>
        <source>Any free port</source>
        <translation>Beliebiger freier Port</translation>
    </message>
    <message>
        <source>&lt;b&gt;Planet&lt;/b&gt; (the root servers members use to find this controller)</source>
        <translation>&lt;b&gt;Planet&lt;/b&gt; (die Root-Server, über die Mitglieder diesen Controller finden)</translation>
    </message>
    <message>
        <source>Install private planet…</source>
        <translation>Privaten Planeten installieren…</translation>
    </message>
    <message>
        <source>Use the public planet</source>
        <translation>Öffentlichen Planeten verwenden</translation>
    </message>
    <message>
        <source>&lt;b&gt;Moons&lt;/b&gt; (additional root servers)</source>
        <translation>&lt;b&gt;Monde&lt;/b&gt; (zusätzliche Root-Server)</translation>
    </message>
    <message>
        <source>Add moon…</source>
        <translation>Mond hinzufügen…</translation>
    </message>
    <message>
        <source>Remove moon</source>
        <translation>Mond entfernen</translation>
    </message>
    <message>
        <source>Serve the local HTTP &amp;API</source>
        <translation>Lokale HTTP-&amp;API anbieten</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Adresse:</translation>
    </message>
    <message>
        <source>TCP port:</source>
        <translation>TCP-Port:</translation>
    </message>
    <message>
        <source>Same as the UDP port</source>
        <translation>Wie der UDP-Port</translation>
    </message>
    <message>
        <source>Token:</source>
        <translation>Token:</translation>
    </message>
    <message>
        <source>Created by the engine when the API is on</source>
        <translation>Wird von der Engine erzeugt, wenn die API an ist</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>&amp;Automatic backups:</source>
        <translation>&amp;Automatische Sicherungen:</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Aus</translation>
    </message>
    <message>
        <source>Every hour</source>
        <translation>Stündlich</translation>
    </message>
    <message>
        <source>Every 6 hours</source>
        <translation>Alle 6 Stunden</translation>
    </message>
    <message>
        <source>Daily</source>
        <translation>Täglich</translation>
    </message>
    <message>
        <source>Weekly</source>
        <translation>Wöchentlich</translation>
    </message>
    <message>
        <source>&amp;Keep for:</source>
        <translation>&amp;Aufbewahren:</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>Backups are written to %1 while the engine runs, also without a window.</source>
        <translation>Sicherungen werden nach %1 geschrieben, solange die Engine läuft, auch ohne Fenster.</translation>
    </message>
    <message numerus="yes">
        <source>Every %n hour(s)</source>
        <translation>
            <numerusform>Jede Stunde</numerusform>
            <numerusform>Alle %n Stunden</numerusform>
        </translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an IP address (for example 127.0.0.1 or ::1).</source>
        <translation>„%1“ ist keine IP-Adresse (zum Beispiel 127.0.0.1 oder ::1).</translation>
    </message>
    <message>
        <source>%1 exists and is not a folder.</source>
        <translation>%1 existiert und ist kein Ordner.</translation>
    </message>
    <message>
        <source>The installed planet file is unusable: %1</source>
        <translation>Die installierte Planetendatei ist unbrauchbar: %1</translation>
    </message>
    <message>
        <source>The public ZeroTier planet (built in).</source>
        <translation>Der öffentliche ZeroTier-Planet (eingebaut).</translation>
    </message>
    <message numerus="yes">
        <source>Private planet %1 with %n root(s).</source>
        <translation>
            <numerusform>Privater Planet %1 mit %n Root-Server.</numerusform>
            <numerusform>Privater Planet %1 mit %n Root-Servern.</numerusform>
        </translation>
    </message>
    <message>
        <source>The API token was copied to the clipboard.</source>
        <translation>Das API-Token wurde in die Zwischenablage kopiert.</translation>
    </message>
    <message>
        <source>Install private planet</source>
        <translation>Privaten Planeten installieren</translation>
    </message>
    <message>
        <source>The planet was not installed: %1</source>
        <translation>Der Planet wurde nicht installiert: %1</translation>
    </message>
    <message>
        <source>Private planet installed; the engine restarts with it when you press OK.</source>
        <translation>Privater Planet installiert; die Engine startet damit neu, wenn Sie auf OK klicken.</translation>
    </message>
    <message>
        <source>The private planet was removed; the engine uses the public planet after the restart.</source>
        <translation>Der private Planet wurde entfernt; nach dem Neustart nutzt die Engine den öffentlichen Planeten.</translation>
    </message>
    <message>
        <source>Add moon</source>
        <translation>Mond hinzufügen</translation>
    </message>
    <message>
        <source>The moon was not added: %1</source>
        <translation>Der Mond wurde nicht hinzugefügt: %1</translation>
    </message>
    <message>
        <source>Moon added as %1.</source>
        <translation>Mond als %1 hinzugefügt.</translation>
    </message>
    <message>
        <source>Moon removed.</source>
        <translation>Mond entfernt.</translation>
    </message>
    <message>
        <source>Default: %1</source>
        <translation>Standard: %1</translation>
    </message>
    <message>
        <source>&amp;Closing the window keeps the controller running in the system tray</source>
        <translation>Beim &amp;Schließen des Fensters läuft der Controller im Systembereich weiter</translation>
    </message>
    <message>
        <source>Set by %1 on the command line for this run; the saved preference applies when Tiermaster starts without it.</source>
        <translation>Für diesen Lauf mit %1 auf der Befehlszeile gesetzt; die gespeicherte Einstellung gilt, wenn Tiermaster ohne startet.</translation>
    </message>
    <message>
        <source>%1 (command line: %2)</source>
        <translation>%1 (Befehlszeile: %2)</translation>
    </message>
    <message>
        <source>In effect for this run: %1 (command line: --planet)</source>
        <translation>Für diesen Lauf in Kraft: %1 (Befehlszeile: --planet)</translation>
    </message>
    <message>
        <source>This run was started with %1 on the command line: those values are shown as in effect and cannot be changed here.</source>
        <translation>Dieser Lauf wurde mit %1 auf der Befehlszeile gestartet: Diese Werte werden wie in Kraft angezeigt und können hier nicht geändert werden.</translation>
    </message>
    <message>
        <source>Private root</source>
        <translation>Eigener Root</translation>
    </message>
    <message>
        <source>Changes to the data directory, ports, API, planet, moons and the open-root switch restart the engine when you press OK; members reconnect by themselves. The language changes at the next start.</source>
        <translation>Änderungen an Datenverzeichnis, Ports, API, Planet, Monden und dem offenen Root starten die Engine beim Klick auf OK neu; Mitglieder verbinden sich selbst wieder. Die Sprache ändert sich beim nächsten Start.</translation>
    </message>
</context>
<context>
    <name>tier::PrivateRootPage</name>
    <message>
        <source>Planet written (version %1) and served now. Members that already use it pick the new version up by themselves within about four minutes.</source>
        <translation>Planet geschrieben (Version %1) und wird jetzt bereitgestellt. Mitglieder, die ihn schon verwenden, übernehmen die neue Version innerhalb von etwa vier Minuten von selbst.</translation>
    </message>
    <message>
        <source>Set by --open-root on the command line for this run.</source>
        <translation>Für diesen Lauf mit --open-root auf der Kommandozeile gesetzt.</translation>
    </message>
    <message>
        <source>Give at least one address members can reach this computer at, as IP/PORT.</source>
        <translation>Geben Sie mindestens eine Adresse an, unter der Mitglieder diesen Computer erreichen, als IP/PORT.</translation>
    </message>
    <message>
        <source>Save the planet for the members</source>
        <translation>Planet für die Mitglieder speichern</translation>
    </message>
    <message>
        <source>Making the planet…</source>
        <translation>Planet wird erstellt …</translation>
    </message>
    <message>
        <source>Path copied.</source>
        <translation>Pfad kopiert.</translation>
    </message>
    <message>
        <source>&amp;Be the root of a private planet</source>
        <translation>&amp;Root eines eigenen Planeten sein</translation>
    </message>
    <message>
        <source>Members find each other and this controller through the roots named in their planet. With a private planet this computer is that root: the network needs no server of ZeroTier&apos;s. Members that use it no longer reach the public ZeroTier network.</source>
        <translation>Mitglieder finden einander und diesen Controller über die Roots, die ihr Planet nennt. Mit einem eigenen Planeten ist dieser Computer dieser Root: Das Netzwerk braucht keinen Server von ZeroTier. Mitglieder, die ihn verwenden, erreichen das öffentliche ZeroTier-Netz nicht mehr.</translation>
    </message>
    <message>
        <source>&amp;Addresses members reach this computer at (one IP/PORT per line):</source>
        <translation>&amp;Adressen, unter denen Mitglieder diesen Computer erreichen (eine IP/PORT pro Zeile):</translation>
    </message>
    <message>
        <source>Use stable addresses: public ones, or a port forwarded to this computer. Pre-filled with this computer&apos;s addresses and the UDP port in use. At most %1.</source>
        <translation>Verwenden Sie feste Adressen: öffentliche oder einen an diesen Computer weitergeleiteten Port. Vorausgefüllt mit den Adressen dieses Computers und dem verwendeten UDP-Port. Höchstens %1.</translation>
    </message>
    <message>
        <source>&amp;Update and save planet…</source>
        <translation>Planet &amp;aktualisieren und speichern …</translation>
    </message>
    <message>
        <source>&amp;Make and save planet…</source>
        <translation>Planet &amp;erstellen und speichern …</translation>
    </message>
    <message>
        <source>Planet for members:</source>
        <translation>Planet für Mitglieder:</translation>
    </message>
    <message>
        <source>&amp;Copy path</source>
        <translation>Pfad &amp;kopieren</translation>
    </message>
    <message>
        <source>The engine is not running: start it to make or serve a planet.</source>
        <translation>Die Engine läuft nicht: Starten Sie sie, um einen Planeten zu erstellen oder bereitzustellen.</translation>
    </message>
    <message numerus="yes">
        <source>Serving as root of planet %1 (version %2): %n peer(s).</source>
        <translation>
            <numerusform>Root des Planeten %1 (Version %2): %n Peer.</numerusform>
            <numerusform>Root des Planeten %1 (Version %2): %n Peers.</numerusform>
        </translation>
    </message>
    <message>
        <source>A planet of this controller exists, but --planet names another one for this run.</source>
        <translation>Es gibt einen Planeten dieses Controllers, aber --planet nennt für diesen Lauf einen anderen.</translation>
    </message>
    <message>
        <source>Not serving as a root: the planet in use names other roots.</source>
        <translation>Kein Root-Betrieb: Der verwendete Planet nennt andere Roots.</translation>
    </message>
    <message>
        <source>&lt;b&gt;What members do once&lt;/b&gt;</source>
        <translation>&lt;b&gt;Was Mitglieder einmal tun&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Copy the planet file to each member, replacing the file named &lt;tt&gt;planet&lt;/tt&gt;, then restart the ZeroTier service:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;Linux:&lt;/b&gt; &lt;tt&gt;/var/lib/zerotier-one/planet&lt;/tt&gt;, then &lt;tt&gt;sudo systemctl restart zerotier-one&lt;/tt&gt;&lt;/li&gt;&lt;li&gt;&lt;b&gt;macOS:&lt;/b&gt; &lt;tt&gt;/Library/Application Support/ZeroTier/One/planet&lt;/tt&gt;, then &lt;tt&gt;sudo launchctl kickstart -k system/com.zerotier.one&lt;/tt&gt;&lt;/li&gt;&lt;li&gt;&lt;b&gt;Windows:&lt;/b&gt; &lt;tt&gt;C:\ProgramData\ZeroTier\One\planet&lt;/tt&gt;, then restart the &quot;ZeroTier One&quot; service (Services, or &lt;tt&gt;net stop ZeroTierOneService&lt;/tt&gt; and &lt;tt&gt;net start ZeroTierOneService&lt;/tt&gt; as administrator)&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Later changes (other addresses, another root) need nothing on the members: they get the new version from this root.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Kopieren Sie die Planet-Datei auf jedes Mitglied und ersetzen Sie dort die Datei &lt;tt&gt;planet&lt;/tt&gt;; starten Sie dann den ZeroTier-Dienst neu:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;Linux:&lt;/b&gt; &lt;tt&gt;/var/lib/zerotier-one/planet&lt;/tt&gt;, dann &lt;tt&gt;sudo systemctl restart zerotier-one&lt;/tt&gt;&lt;/li&gt;&lt;li&gt;&lt;b&gt;macOS:&lt;/b&gt; &lt;tt&gt;/Library/Application Support/ZeroTier/One/planet&lt;/tt&gt;, dann &lt;tt&gt;sudo launchctl kickstart -k system/com.zerotier.one&lt;/tt&gt;&lt;/li&gt;&lt;li&gt;&lt;b&gt;Windows:&lt;/b&gt; &lt;tt&gt;C:\ProgramData\ZeroTier\One\planet&lt;/tt&gt;, dann den Dienst „ZeroTier One“ neu starten (Dienste, oder als Administrator &lt;tt&gt;net stop ZeroTierOneService&lt;/tt&gt; und &lt;tt&gt;net start ZeroTierOneService&lt;/tt&gt;)&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Spätere Änderungen (andere Adressen, ein weiterer Root) brauchen nichts auf den Mitgliedern: Sie holen die neue Version von diesem Root.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Open root: relay for anyone, not only for members of these networks</source>
        <translation>&amp;Offener Root: für alle weiterleiten, nicht nur für Mitglieder dieser Netzwerke</translation>
    </message>
    <message>
        <source>Off: only members of this controller&apos;s networks, this controller and the other roots are relayed. Takes effect when the engine restarts (press OK).</source>
        <translation>Aus: Weitergeleitet wird nur für Mitglieder der Netzwerke dieses Controllers, diesen Controller und die anderen Roots. Wirkt nach dem Neustart der Engine (OK drücken).</translation>
    </message>
</context>
<context>
    <name>tier::RestoreFlow</name>
    <message>
        <source>Encrypted backup</source>
        <translation>Verschlüsselte Sicherung</translation>
    </message>
    <message>
        <source>%1 is encrypted. Passphrase:</source>
        <translation>%1 ist verschlüsselt. Passphrase:</translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation>Datei: %1</translation>
    </message>
    <message>
        <source>Controller: %1</source>
        <translation>Controller: %1</translation>
    </message>
    <message>
        <source>Networks: %1</source>
        <translation>Netzwerke: %1</translation>
    </message>
    <message>
        <source>Members: %1</source>
        <translation>Mitglieder: %1</translation>
    </message>
    <message>
        <source>Last change: %1</source>
        <translation>Letzte Änderung: %1</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>Import fehlgeschlagen</translation>
    </message>
    <message>
        <source>Restore failed</source>
        <translation>Wiederherstellung fehlgeschlagen</translation>
    </message>
    <message>
        <source>The engine has not been started, so there is no database to replace.</source>
        <translation>Die Engine wurde nicht gestartet, es gibt also keine Datenbank zu ersetzen.</translation>
    </message>
    <message>
        <source>Only a local SQLite database can be replaced by a file. Nothing was changed.</source>
        <translation>Nur eine lokale SQLite-Datenbank kann durch eine Datei ersetzt werden. Nichts wurde geändert.</translation>
    </message>
    <message>
        <source>%1 does not exist or is not a file. Nothing was changed.</source>
        <translation>%1 existiert nicht oder ist keine Datei. Nichts wurde geändert.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>%1 cannot be used: %2

The current database was not changed.</source>
        <translation>%1 kann nicht verwendet werden: %2

Die aktuelle Datenbank wurde nicht verändert.</translation>
    </message>
    <message>
        <source>The engine is gone.</source>
        <translation>Die Engine ist nicht mehr da.</translation>
    </message>
    <message>
        <source>Replace the current controller database with the imported data?</source>
        <translation>Die aktuelle Controller-Datenbank durch die importierten Daten ersetzen?</translation>
    </message>
    <message>
        <source>Replace the current controller database with this backup?</source>
        <translation>Die aktuelle Controller-Datenbank durch diese Sicherung ersetzen?</translation>
    </message>
    <message>
        <source>This file belongs to controller %1, not to the running controller %2: afterwards this controller has the file&apos;s identity and networks.</source>
        <translation>Diese Datei gehört zu Controller %1, nicht zum laufenden Controller %2: danach hat dieser Controller die Identität und die Netzwerke aus der Datei.</translation>
    </message>
    <message>
        <source>The current database is kept as an automatic backup in %1. The engine restarts.</source>
        <translation>Die aktuelle Datenbank wird als automatische Sicherung in %1 aufbewahrt. Die Engine startet neu.</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importieren</translation>
    </message>
    <message>
        <source>Restore backup</source>
        <translation>Sicherung wiederherstellen</translation>
    </message>
    <message>
        <source>Nothing was replaced: %1

The current database was not changed.</source>
        <translation>Nichts wurde ersetzt: %1

Die aktuelle Datenbank wurde nicht verändert.</translation>
    </message>
    <message>
        <source>The imported data is now the controller&apos;s database.</source>
        <translation>Die importierten Daten sind jetzt die Datenbank des Controllers.</translation>
    </message>
    <message>
        <source>The backup was restored.</source>
        <translation>Die Sicherung wurde wiederhergestellt.</translation>
    </message>
    <message>
        <source>The previous database was saved as %1.</source>
        <translation>Die bisherige Datenbank wurde als %1 gespeichert.</translation>
    </message>
    <message>
        <source>Wrong passphrase, or the file was modified or damaged.</source>
        <translation>Falsche Passphrase, oder die Datei wurde verändert oder beschädigt.</translation>
    </message>
</context>
<context>
    <name>tier::RulesSourceEditor</name>
    <message>
        <source>Rules in ZeroTier&apos;s rules language, e.g.
drop not ethertype ipv4 and not ethertype arp;
accept;</source>
        <translation>Regeln in der Regelsprache von ZeroTier, z. B.
drop not ethertype ipv4 and not ethertype arp;
accept;</translation>
    </message>
    <message>
        <source>These rules were set without a source (through the API or an import); they are shown as JSON. Start a source from a template to edit them here.</source>
        <translation>Diese Regeln wurden ohne Quelltext gesetzt (über die API oder einen Import); sie werden als JSON gezeigt. Beginnen Sie einen Quelltext mit einer Vorlage, um sie hier zu bearbeiten.</translation>
    </message>
    <message>
        <source>Start from a template</source>
        <translation>Mit einer Vorlage beginnen</translation>
    </message>
    <message>
        <source>Replace the rules?</source>
        <translation>Regeln ersetzen?</translation>
    </message>
    <message>
        <source>The template replaces the source in the editor.</source>
        <translation>Die Vorlage ersetzt den Quelltext im Editor.</translation>
    </message>
    <message>
        <source>What the rules do:</source>
        <translation>Was die Regeln tun:</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Wird geprüft …</translation>
    </message>
    <message>
        <source>No source.</source>
        <translation>Kein Quelltext.</translation>
    </message>
    <message numerus="yes">
        <source>Compiles: %n rule entries, </source>
        <translation>
            <numerusform>Übersetzbar: %n Regeleintrag, </numerusform>
            <numerusform>Übersetzbar: %n Regeleinträge, </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n capabilities, </source>
        <translation>
            <numerusform>%n Capability, </numerusform>
            <numerusform>%n Capabilities, </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tags.</source>
        <translation>
            <numerusform>%n Tag.</numerusform>
            <numerusform>%n Tags.</numerusform>
        </translation>
    </message>
    <message>
        <source>Line %1, column %2: %3</source>
        <translation>Zeile %1, Spalte %2: %3</translation>
    </message>
</context>
<context>
    <name>tier::StaleMembersDialog</name>
    <message>
        <source>Delete Members Not Seen</source>
        <translation>Nicht gesehene Mitglieder löschen</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>Not seen for more than</source>
        <translation>Nicht gesehen seit mehr als</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>Mitglied</translation>
    </message>
    <message>
        <source>Last request</source>
        <translation>Letzte Anfrage</translation>
    </message>
    <message>
        <source>Authorized</source>
        <translation>Autorisiert</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>No member matches.</source>
        <translation>Kein Mitglied passt.</translation>
    </message>
    <message>
        <source>These %1 members lose access and their settings and managed IPs are removed. Devices that ask again show up as new members.</source>
        <translation>Diese %1 Mitglieder verlieren den Zugang, und ihre Einstellungen und verwalteten IPs werden entfernt. Geräte, die erneut anfragen, erscheinen als neue Mitglieder.</translation>
    </message>
    <message>
        <source>Delete %1 Members</source>
        <translation>%1 Mitglieder löschen</translation>
    </message>
</context>
<context>
    <name>tier::TrayIcon</name>
    <message>
        <source>Tiermaster</source>
        <translation>Tiermaster</translation>
    </message>
    <message>
        <source>Show Tiermaster</source>
        <translation>Tiermaster anzeigen</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>Authorize %1 new members</source>
        <translation>%1 neue Mitglieder autorisieren</translation>
    </message>
    <message>
        <source>Authorize new member</source>
        <translation>Neues Mitglied autorisieren</translation>
    </message>
</context>
<context>
    <name>tiermaster</name>
    <message>
        <source>Self-hosted network controller for ZeroTier virtual networks.</source>
        <translation>Selbst betriebener Netzwerk-Controller für virtuelle ZeroTier-Netzwerke.</translation>
    </message>
</context>
</TS>
