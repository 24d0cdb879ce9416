# desc: the token ipvsadm is dropped wherever it occurs in a -R line
ipvsadm -R <<'EOF'
ipvsadm -A -t 10.0.0.160:80
-A ipvsadm -t 10.0.0.161:80
-A -t 10.0.0.162:80 ipvsadm -s rr ipvsadm
ipvsadm
ipvsadm ipvsadm -a -t 10.0.0.160:80 -r 10.0.0.2 -m
EOF
echo "rc=$?"
ipvsadm -Ln
