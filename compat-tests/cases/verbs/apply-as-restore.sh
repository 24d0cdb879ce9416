# desc: apply leaves exactly the table 1.31's -C then -R of the same rules file makes: from empty, to a changed file (schedulers, flags, persistence, real servers removed, re-weighted, re-forwarded, tunnels, thresholds, timeouts), and back
# divergence: new-verbs
cat > t.rules <<'R'
--set 100 20 30
-A -t 10.0.0.10:80 -s rr
-a -t 10.0.0.10:80 -r 192.168.1.2:80 -g -w 1
-a -t 10.0.0.10:80 -r 192.168.1.3:80 -g -w 2 -x 100 -y 50
-a -t 10.0.0.10:80 -r 192.168.1.4:8080 -m -w 0
-A -t 10.0.0.10:443 -s wlc -p 300 -M 255.255.255.0
-a -t 10.0.0.10:443 -r 192.168.1.2:443 -i -w 5
-a -t 10.0.0.10:443 -r 192.168.1.3:443 -i --tun-type gue --tun-port 6080 --tun-nocsum
-A -u [fd00::10]:53 -s sh -b sh-port,sh-fallback
-a -u [fd00::10]:53 -r [fd00::20]:53 -m -w 1
-a -u [fd00::10]:53 -r [fd00::21]:53 -m -w 3
-A -u 10.0.0.10:5060 -s rr -o -p 60 --pe sip
-a -u 10.0.0.10:5060 -r 192.168.1.5:5060 -m
-A -f 7 -s lc -p 60
-a -f 7 -r 192.168.1.6 -g
-A -f 8 -6 -s mh -b mh-port
-a -f 8 -6 -r fd00::30 -g
R
sed -e 's/^--set 100 20 30$/--set 0 45 0/' \
    -e 's/-t 10.0.0.10:80 -s rr/-t 10.0.0.10:80 -s wrr/' \
    -e '/192.168.1.2:80/d' \
    -e 's/192.168.1.3:80 -g -w 2 -x 100 -y 50/192.168.1.3:80 -m -w 7 -x 0 -y 0/' \
    -e 's/-p 300 -M 255.255.255.0/-p 600/' \
    -e 's/--tun-type gue --tun-port 6080 --tun-nocsum/--tun-type gre --tun-csum/' \
    -e 's/-b sh-port,sh-fallback/-b sh-port/' \
    -e '/fd00::21/d' \
    -e 's/-s rr -o -p 60 --pe sip/-s rr -o/' \
    -e 's/-A -f 7 -s lc -p 60/-A -f 7 -s dh/' \
    t.rules > u.rules
echo '-A -t [fd00::10]:80 -s sed' >> u.rules
echo '-a -t [fd00::10]:80 -r [fd00::20]:80 -m -w 4' >> u.rules
ipvsadm apply t.rules > /dev/null; echo "rc=$?"
ipvsadm -Ln
ipvsadm -Ln --thresholds --exact
ipvsadm apply u.rules > /dev/null; echo "rc=$?"
ipvsadm -Ln
ipvsadm -L --timeout
ipvsadm apply t.rules > /dev/null; echo "rc=$?"
ipvsadm -Ln --persistent-conn
ipvsadm -Sn
