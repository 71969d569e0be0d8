<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
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
        <source>Name of the new network:</source>
        <translation>Name des neuen Netzwerks:</translation>
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
        <source>The members of this network will be listed here.</source>
        <translation>Die Mitglieder dieses Netzwerks werden hier aufgelistet.</translation>
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
        <source>(unnamed)</source>
        <translation>(ohne Namen)</translation>
    </message>
    <message>
        <source>Network ID: %1</source>
        <translation>Netzwerk-ID: %1</translation>
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
        <source>Members: %1 · Online: %2 · Pending: %3</source>
        <translation>Mitglieder: %1 · Online: %2 · Wartend: %3</translation>
    </message>
    <message>
        <source>The members of a network appear here.</source>
        <translation>Hier erscheinen die Mitglieder eines Netzwerks.</translation>
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
    <name>tiermaster</name>
    <message>
        <source>Self-hosted network controller for ZeroTier virtual networks.</source>
        <translation>Selbst betriebener Netzwerk-Controller für virtuelle ZeroTier-Netzwerke.</translation>
    </message>
</context>
</TS>
