# desc: -L, -S, -Z and --set lines inside -R are executed normally (listing output on stdout)
ipvsadm -R <<'EOF'
-A -t 10.0.0.150:80 -s rr
-a -t 10.0.0.150:80 -r 10.0.0.2 -m
-L -n
-S -n
--set 100 20 30
-L --timeout
-Z
-L -n -t 10.0.0.150:80
-A -t 10.0.0.151:80
EOF
echo "rc=$?"
ipvsadm -Ln
