# desc: -R applies -A/-a lines from stdin, rc 0
ipvsadm -R <<'EOF'
-A -t 10.0.0.100:80 -s rr
-a -t 10.0.0.100:80 -r 192.168.1.2:80 -m -w 1
-a -t 10.0.0.100:80 -r 192.168.1.3:80 -m -w 2
-A -u 10.0.0.100:53 -s wlc -p 360 -o
-A -f 2 -6 -s wlc
-a -f 2 -6 -r [fd00::3]:80 -m -w 1
EOF
echo "rc=$?"
ipvsadm -Ln
